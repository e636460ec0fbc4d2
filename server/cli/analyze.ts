/**
 * `analyze --questionnaire <file> --responses <csv> [--by <variable>]… [--min-cell-size <n>] [--json]`:
 * the analysis report of a raw-data CSV (the platform's own export format, or one written by hand in
 * that format; see server/domain/exports/responsesCsv.ts). With --json the full report is printed as
 * JSON; without it a short summary. Problems with the CSV (unknown columns, cells that are not answer
 * codes) are warnings on stderr; the exit code is 0 when a report was made, 1 when the files cannot be
 * read, 2 for wrong arguments.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyze, AnalysisOptionError } from '../domain/analysis/report.js';
import type { Report } from '../domain/analysis/types.js';
import { readResponsesCsv } from '../domain/exports/responsesCsv.js';
import { formatDecimal } from '../domain/format/nl.js';
import { formatFault } from '../domain/questionnaire/load.js';
import { loadQuestionnaireFile } from '../services/questionnaireFiles.js';
import { UsageError } from '../errors.js';
import { print, type Io } from './io.js';

const USAGE = 'Usage: analyze --questionnaire <file> --responses <csv> [--by <variable>]… [--min-cell-size <n>] [--min-aspects <n>] [--json]';

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${text}"`);
  return n;
}

const fmt = (x: number | null) => formatDecimal(x, 2);

/** The report in a few lines, for a terminal. */
export function summary(report: Report): string {
  const lines = [`${report.questionnaire.title} (${report.questionnaire.id} ${report.questionnaire.version}): ${report.n} responses`, ''];
  lines.push('Aspect                     k    n  alfa  95%-BI         score  (n)');
  for (const s of report.scales) {
    const ci = s.ci95 ? `${fmt(s.ci95[0])}-${fmt(s.ci95[1])}` : '–';
    lines.push(
      `${s.label.padEnd(24).slice(0, 24)} ${String(s.k).padStart(3)} ${String(s.n).padStart(4)}  ${fmt(s.alpha).padEnd(5)} ${ci.padEnd(13)}  ${fmt(s.scoreMean).padStart(5)}  (${s.scoreN})`,
    );
  }
  lines.push('', `Totaalscore ${fmt(report.overall.mean)} (n = ${report.overall.n}). ${report.overall.formula}`);
  for (const b of report.breakdowns) {
    lines.push('', `${b.label}:`);
    for (const c of b.cells) lines.push(`  ${c.value.padEnd(30).slice(0, 30)} n = ${String(c.n).padStart(4)}  ${c.suppressed ? 'onderdrukt' : fmt(c.overall)}`);
    lines.push(`  ${b.note}`);
  }
  const warnings = [...report.warnings, ...report.scales.flatMap((s) => s.warnings.map((w) => ({ ...w, message: `${s.label}: ${w.message}` })))];
  if (warnings.length) lines.push('', 'Waarschuwingen:', ...warnings.map((w) => `  ${w.message}`));
  return lines.join('\n');
}

/** Run `analyze`; returns the exit code (wrong arguments: 2 with the reason on stderr). */
export async function analyzeCommand(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      questionnaire: { type: 'string', short: 'q' },
      responses: { type: 'string', short: 'r' },
      by: { type: 'string', multiple: true },
      'min-cell-size': { type: 'string' },
      'min-aspects': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.questionnaire || !values.responses) throw new UsageError('analyze needs --questionnaire and --responses');
  const minCellSize = positiveInteger('min-cell-size', values['min-cell-size']);
  const minAspects = positiveInteger('min-aspects', values['min-aspects']);

  const loaded = loadQuestionnaireFile(values.questionnaire);
  if (!loaded.ok) {
    io.stderr(`${loaded.faults.map(formatFault).join('\n')}\n`);
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(values.responses, 'utf8');
  } catch (error) {
    io.stderr(`${values.responses}: cannot read file: ${(error as Error).message}\n`);
    return 1;
  }
  const { responses, warnings } = readResponsesCsv(loaded.questionnaire, text);
  for (const w of warnings) io.stderr(`${values.responses}: ${w}\n`);

  let report: Report;
  try {
    report = analyze(loaded.questionnaire, responses, {
      ...(values.by ? { by: values.by } : {}),
      ...(minCellSize !== undefined ? { minCellSize } : {}),
      ...(minAspects !== undefined ? { minAspects } : {}),
    });
  } catch (error) {
    if (error instanceof AnalysisOptionError) throw new UsageError(`--by: ${error.message}`);
    throw error;
  }
  print(io, values.json, report, () => summary(report));
  return 0;
}
