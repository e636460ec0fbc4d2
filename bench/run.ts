/**
 * `npm run bench` runs every benchmark; `npm run bench -- analysis-100k mail` only those. Prints one
 * line per benchmark and merges the figures into bench/results.json (only the benchmarks that ran are
 * replaced). Exits 1 when any target is missed (or a benchmark fails to run), 0 otherwise.
 *
 * Options: --quick (tiny sizes and short runs: checks the harness, not the targets), --out <file>
 * (another results file), --list.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analysis100k, analysisScaling } from './analysis/index.js';
import { importBench } from './import/index.js';
import { benchDir } from './lib/child.js';
import { machine, summaryLine, writeResults, type BenchResult } from './lib/results.js';
import type { Benchmark } from './lib/types.js';
import { mailBench } from './mail/index.js';
import { pageRender, submit } from './http/index.js';
import { exportXlsx } from './export/index.js';
import { nationalRound } from './national/index.js';
import { resultsPage } from './results/index.js';
import { startupBench } from './startup/index.js';

const benchmarks: Benchmark[] = [pageRender, submit, resultsPage, nationalRound, exportXlsx, analysis100k, analysisScaling, mailBench, importBench, startupBench];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      list: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    for (const b of benchmarks) console.log(`${b.name.padEnd(18)}${b.what}`);
    return 0;
  }
  const unknown = positionals.filter((p) => !benchmarks.some((b) => b.name === p));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = positionals.length > 0 ? benchmarks.filter((b) => positionals.includes(b.name)) : benchmarks;
  const out = resolve(values.out ?? resolve(benchDir, 'results.json'));
  const host = machine();
  console.log(`Machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGB} GB, ${host.os}, Node ${host.node}, load ${host.loadAverage}${values.quick ? ' (quick run: harness check, figures mean nothing)' : ''}`);

  const fresh: Record<string, BenchResult> = {};
  const lines: string[] = [];
  let failed = false;
  for (const b of selected) {
    console.log(`▶ ${b.name}: ${b.what}`);
    try {
      const r = await b.run({ quick: values.quick });
      fresh[b.name] = { ...r, measuredAt: new Date().toISOString() };
      const line = summaryLine(b.name, fresh[b.name]!);
      lines.push(line);
      console.log(line);
      if (!r.pass) failed = true;
    } catch (error) {
      failed = true;
      const line = `${b.name.padEnd(18)}ERROR  ${error instanceof Error ? error.message : String(error)}`;
      lines.push(line);
      console.error(error);
    }
  }
  writeResults(
    out,
    fresh,
    benchmarks.map((b) => b.name),
    host,
  );
  console.log(`\n${lines.join('\n')}\n\nWritten to ${out}${failed ? '\nSome targets were missed: FAIL (exit 1).' : ''}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
