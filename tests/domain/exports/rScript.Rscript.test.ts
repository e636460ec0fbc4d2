/**
 * The R script download run by R itself (`Rscript`, installed here and in CI; the test fails, never
 * skips, without it): it reads the raw CSV with missing values and labels set, so R's item means equal
 * the platform's (geen oordeel and weet niet are NA), choice questions are factors with their labels,
 * every column has its question text, and the formula guard's apostrophe is gone again. It also runs
 * from another working folder once `pad` is the full path, as its header says.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { rawColumns, rawRows } from '../../../server/domain/exports/codebook.js';
import { writeResponsesCsv } from '../../../server/domain/exports/responsesCsv.js';
import { rScript, rString } from '../../../server/domain/exports/rScript.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();
const responses = fixtureResponses(60);
const ids = responses.map((_, i) => `id${String(i).padStart(3, '0')}`);
const columns = rawColumns(q, { anonymous: true });
const rows = rawRows(columns, { ids, responses, submittedOn: [] }, { singleLine: true });
const script = rScript(q, { csvFile: 'ronde.csv', columns, description: 'Testronde, Veiligheidshuis Proefregio' });

/** R code that sources the script and prints what the tests compare, one `key<TAB>value` per line. */
const PROBE = `
source("ronde.R")
cat("n\\t", nrow(data), "\\n", sep = "")
for (v in c("Q6_1", "Q6_3", "Q17_1", "Q17_2", "Q40")) cat("mean.", v, "\\t", format(mean(data[[v]], na.rm = TRUE), digits = 15), "\\n", sep = "")
cat("raw5\\t", sum(ruw$Q17_1 == 5, na.rm = TRUE), "\\n", sep = "")
cat("class.Q2\\t", class(data$Q2), "\\n", sep = "")
cat("levels.Q2\\t", paste(levels(data$Q2), collapse = "|"), "\\n", sep = "")
cat("label.Q6_1\\t", attr(data$Q6_1, "label"), "\\n", sep = "")
cat("labels.Q6_1\\t", paste(names(attr(data$Q6_1, "labels")), attr(data$Q6_1, "labels"), sep = "=", collapse = "|"), "\\n", sep = "")
cat("other\\t", paste(sort(unique(na.omit(data$Q8_other))), collapse = "|"), "\\n", sep = "")
`;

function runR(cwd: string, code: string): Map<string, string> {
  const out = execFileSync('Rscript', ['--vanilla', '-e', code], { cwd, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
  return new Map(out.trim().split('\n').map((line) => line.split('\t') as [string, string]));
}

let dir: string;
let result: Map<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhrscript-'));
  writeFileSync(join(dir, 'ronde.csv'), writeResponsesCsv(q, rows, { columns }));
  writeFileSync(join(dir, 'ronde.R'), script);
  result = runR(dir, PROBE);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the R script, run by R', () => {
  it('is plain ASCII, so it runs the same in every locale', () => {
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(script)).toBe(true);
    expect(rString('Één "café"\\')).toBe('"\\u{c9}\\u{e9}n \\"caf\\u{e9}\\"\\\\"');
  });

  it('gives the platform’s item means: geen oordeel (5) and weet niet (999) are NA, and still in ruw', () => {
    const report = analyze(q, responses);
    expect(result.get('n')).toBe('60');
    for (const code of ['Q6_1', 'Q6_3', 'Q17_1', 'Q17_2']) expect(Number(result.get(`mean.${code}`)), code).toBeCloseTo(report.items.find((i) => i.code === code)!.mean!, 9);
    const q40 = responses.map((r) => r.Q40).filter((v): v is number => typeof v === 'number' && v !== 999);
    expect(Number(result.get('mean.Q40'))).toBeCloseTo(q40.reduce((a, b) => a + b, 0) / q40.length, 9);
    expect(Number(result.get('raw5'))).toBe(responses.filter((r) => r.Q17_1 === 5).length);
    expect(Number(result.get('raw5'))).toBeGreaterThan(0);
  });

  it('makes choice questions factors with their labels and keeps labels on the scale items', () => {
    expect(result.get('class.Q2')).toBe('factor');
    expect(result.get('levels.Q2')).toBe('Individueel casusoverleg|Geclusterd jeugdoverleg|Anders');
    expect(result.get('label.Q6_1')).toBe('Het doel van het overleg is helder');
    expect(result.get('labels.Q6_1')).toBe('helemaal niet=1|enigszins=2|grotendeels=3|volledig=4');
  });

  it('takes the formula guard’s apostrophe off the texts again', () => {
    // as in the CSV: line breaks inside a text became spaces
    const others = new Set(responses.map((r) => r.Q8_other).filter((v): v is string => typeof v === 'string').map((t) => t.replace(/\n/g, ' ')));
    expect(result.get('other')!.split('|').sort()).toEqual([...others].sort());
    expect(others.has('=HYPERLINK("http://evil.test","klik")') || others.has('+31 6 12345678')).toBe(true);
  });

  it('runs from another folder with the full path in pad, and stops with a Dutch message when the file is not there', () => {
    const elsewhere = join(dir, 'elders');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'ronde.R'), readFileSync(join(dir, 'ronde.R'), 'utf8').replace('pad <- "ronde.csv"', `pad <- ${rString(join(dir, 'ronde.csv'))}`));
    expect(runR(elsewhere, PROBE).get('n')).toBe('60');
    const empty = join(dir, 'leeg');
    mkdirSync(empty);
    writeFileSync(join(empty, 'ronde.R'), script);
    expect(() => runR(empty, 'source("ronde.R")')).toThrow(/Bestand niet gevonden: ronde.csv/);
  });
});
