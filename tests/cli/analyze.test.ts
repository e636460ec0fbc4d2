import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../server/cli/analyze.js';
import type { ChoiceQuestionReport, Report } from '../../server/domain/analysis/types.js';
import { spawnCli } from '../helpers/childProcess.js';
import { runCaptured } from '../helpers/cli.js';

const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const QUESTIONNAIRE = path('tests/fixtures/analysis/analyse-test.json');
// written by hand in the documented format (server/domain/exports/responsesCsv.ts), with an unknown column "opmerking"
const RESPONSES = path('tests/fixtures/analysis/analyse-test-responses.csv');

const run = (argv: string[]) => runCaptured(argv, analyzeCommand);

const close = (a: number | null | undefined, e: number) => expect(Math.abs((a ?? NaN) - e)).toBeLessThan(1e-9);

describe('cli analyze', () => {
  it('prints the report of a hand-written CSV as JSON', async () => {
    const { code, stdout, stderr } = await run(['--questionnaire', QUESTIONNAIRE, '--responses', RESPONSES, '--json']);
    expect(code).toBe(0);
    expect(stderr).toContain('Kolom opmerking is geen variabele van vragenlijst analyse-test: genegeerd');
    const report = JSON.parse(stdout) as Report;
    expect(report.n).toBe(12);

    const selectie = report.scales.find((s) => s.id === 'selectie')!;
    expect(Object.keys(selectie)).toEqual(
      expect.arrayContaining(['id', 'items', 'k', 'n', 'alpha', 'standardizedAlpha', 'ci95', 'scoreMean', 'scoreN', 'warnings', 'itemStats']),
    );
    expect(selectie.items).toEqual(['Q6_1', 'Q6_2', 'Q6_3', 'Q6_4']);
    expect([selectie.k, selectie.n, selectie.scoreN]).toEqual([4, 12, 12]);
    /*
     * > d <- read.csv("tests/fixtures/analysis/analyse-test-responses.csv")
     * > sel <- data.frame(Q6_1 = d$Q6_1, Q6_2 = d$Q6_2, Q6_3 = 5 - d$Q6_3, Q6_4 = d$Q6_4)   # Q6_3 reverse-keyed
     * > a <- alpha(sel, check.keys = FALSE); a$total[, c("raw_alpha", "std.alpha")]
     *          raw_alpha         std.alpha
     *  0.983087834151664 0.984228230778393
     * feldt: 0.959203375878379 0.994539734032979
     *                 r.drop
     * Q6_1 0.961120016912343
     * Q6_2 0.929966602763435
     * Q6_3 0.987265189336125
     * Q6_4 0.961367048671445
     * > a$alpha.drop$raw_alpha
     * [1] 0.976495726495727 0.985915492957746 0.969196093163035 0.977760736196319
     * > mean(rowMeans(sel))
     * [1] 2.79166666666667
     * (section D of tests/fixtures/analysis/reference.R)
     */
    close(selectie.alpha, 0.983087834151664);
    close(selectie.standardizedAlpha, 0.984228230778393);
    close(selectie.ci95![0], 0.959203375878379);
    close(selectie.ci95![1], 0.994539734032979);
    expect(selectie.itemStats.map((s) => s.code)).toEqual(selectie.items);
    [0.961120016912343, 0.929966602763435, 0.987265189336125, 0.961367048671445].forEach((r, i) =>
      close(selectie.itemStats[i]!.itemRestCorrelation, r),
    );
    [0.976495726495727, 0.985915492957746, 0.969196093163035, 0.977760736196319].forEach((a, i) => close(selectie.itemStats[i]!.alphaIfDeleted, a));
    for (const s of selectie.itemStats)
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['code', 'n', 'min', 'max', 'mean', 'sd', 'alphaIfDeleted', 'itemRestCorrelation']));
    close(selectie.scoreMean, 2.79166666666667);

    // informatie: geen oordeel (5) in Q17_2 and Q17_3 is missing, never a score; 9 respondents have ≥ 2 answers
    const informatie = report.scales.find((s) => s.id === 'informatie')!;
    expect(informatie.scoreN).toBe(9);
    close(informatie.scoreMean, 20 / 9);
    expect(report.items.filter((i) => i.aspect === 'informatie').every((i) => i.max! <= 4)).toBe(true);

    // breakdown by overlegvorm: Volwassenen (n = 1) suppressed, Jeugd (n = 5) too, else it could be derived
    const b = report.breakdowns.find((x) => x.variable === 'overlegvorm')!;
    expect(b.cells.map((c) => [c.value, c.n, c.suppressed])).toEqual([
      ['Individueel', 6, false],
      ['Jeugd', 5, true],
      ['Volwassenen', 1, true],
      ['Onbekend', 0, false],
    ]);
    // Individueel selectie scores 1, 2.25, 3, 4, 3.75, 4 → 3
    expect(b.cells[0]!.scores.selectie).toBe(3);
    expect(b.cells[1]!.scores).toEqual({});

    // Q21: 1, 3, 6 answers, 1 weet niet, 1 non-response of 12 → 8.33 25 50 8.33 8.33 → 9 25 50 8 8
    const q21 = report.questions.find((x) => x.code === 'Q21') as ChoiceQuestionReport;
    expect(q21.rows.map((r) => [r.label, r.count, r.percent])).toEqual([
      ['niet of nauwelijks', 1, 9],
      ['af en toe', 3, 25],
      ['structureel', 6, 50],
      ['weet niet', 1, 8],
      ['Geen antwoord', 1, 8],
    ]);
    expect(q21.total).toBe(12);
    expect(stdout).not.toMatch(/NaN|Infinity/);
  });

  it('breaks down by the variables asked for, with a configurable minimum cell size', async () => {
    const { code, stdout } = await run([
      '--questionnaire', QUESTIONNAIRE, '--responses', RESPONSES, '--by', 'aanwezigheid', '--min-cell-size', '1', '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.breakdowns.map((b) => b.variable)).toEqual(['aanwezigheid']);
    expect(report.breakdowns[0]!.cells.map((c) => [c.value, c.n, c.suppressed])).toEqual([
      ['3 of minder', 1, false],
      ['4-6', 4, false],
      ['7 of meer', 6, false],
      ['Onbekend', 1, false],
    ]);
  });

  it('prints a summary without --json', async () => {
    const { code, stdout } = await run(['--questionnaire', QUESTIONNAIRE, '--responses', RESPONSES]);
    expect(code).toBe(0);
    expect(stdout).toContain('Selectie');
    expect(stdout).toContain('0,98');
    expect(stdout).toContain('onderdrukt');
  });

  it('exits 2 on wrong arguments and 1 on unreadable files', async () => {
    expect((await run(['--json'])).code).toBe(2);
    const unknownBy = await run(['--questionnaire', QUESTIONNAIRE, '--responses', RESPONSES, '--by', 'leeftijd']);
    expect(unknownBy.code).toBe(2);
    expect(unknownBy.stderr).toContain('onbekende uitsplitsing "leeftijd"');
    expect((await run(['--questionnaire', QUESTIONNAIRE, '--responses', RESPONSES, '--min-cell-size', '0'])).code).toBe(2);
    expect((await run(['--questionnaire', QUESTIONNAIRE, '--responses', '/nonexistent.csv'])).code).toBe(1);
    const bad = await run(['--questionnaire', RESPONSES, '--responses', RESPONSES]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(': (hele bestand): ongeldige JSON: onverwacht ');
  });

  it('reads the example CSV of the README, as written there, with the Stappenmeter', async () => {
    const readme = readFileSync(path('README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('npm run cli -- analyze --questionnaire'));
    const csv = /```csv\n([\s\S]*?)```/.exec(section)?.[1];
    expect(csv).toMatch(/^response_id,Q2,/);
    const dir = mkdtempSync(join(tmpdir(), 'vhanalyze-'));
    try {
      const file = join(dir, 'ronde.csv');
      writeFileSync(file, csv!);
      const { code, stdout, stderr } = await run(['--questionnaire', path('questionnaires/stappenmeter-doelbereik.json'), '--responses', file, '--by', 'overlegvorm', '--min-cell-size', '1', '--json']);
      expect(code, stderr).toBe(0);
      // the example leaves most statements out: said on stderr, never an error
      expect(stderr).toMatch(/Geen kolom voor .*Q11_1/);
      expect(stderr).not.toMatch(/geen variabele|geen getal|geen antwoordcode/);
      const report = JSON.parse(stdout) as Report;
      expect(report.n).toBe(2);
      // r1 answered Q17_1 with geen oordeel (5): declared missing, never a score; r2's empty Q17_2 is skipped
      const q17_1 = report.items.find((i) => i.code === 'Q17_1')!;
      const q17_2 = report.items.find((i) => i.code === 'Q17_2')!;
      expect([q17_1.n, q17_1.mean, q17_1.missing.declared]).toEqual([1, 3, 1]);
      expect([q17_2.n, q17_2.mean, q17_2.missing.skipped]).toEqual([1, 2, 1]);
      const selectie = report.scales.find((s) => s.id === 'selectie')!;
      // r1: 3, 3, 4, 2, 3, 3 → 18/6; r2: 4, 4, 4, 3, 4, 4 → 23/6
      expect([selectie.k, selectie.n, selectie.scoreN]).toEqual([6, 2, 2]);
      close(selectie.scoreMean, 41 / 12);
      expect(selectie.warnings.map((w) => w.code)).toContain('n-not-above-k');
      // two respondents, each alone in a group: with a minimum of 1 both cells are shown
      const b = report.breakdowns[0]!;
      expect(b.variable).toBe('overlegvorm');
      for (const cell of b.cells) expect(Object.keys(cell)).toEqual(expect.arrayContaining(['value', 'n', 'scores', 'suppressed']));
      expect(b.cells.filter((c) => c.n > 0).map((c) => [c.n, c.suppressed, c.scores['selectie']])).toEqual([
        [1, false, 18 / 6],
        [1, false, 23 / 6],
      ]);
      expect(report.questions.map((x) => x.code)).toEqual(expect.arrayContaining(['Q2', 'Q3', 'Q63']));
      expect(stdout).not.toMatch(/NaN|Infinity/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs through the command line (tsx server/cli.ts analyze)', async () => {
    const run = spawnCli(['analyze', '--questionnaire', QUESTIONNAIRE, '--responses', RESPONSES, '--json'], {});
    expect((await run.exited).code, run.stderr()).toBe(0);
    const report = JSON.parse(run.stdout()) as Report;
    expect(report.scales.map((s) => s.id)).toEqual(['selectie', 'informatie']);
  });
});
