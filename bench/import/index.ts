/** import: a 50,000-row participant CSV imported into a wave by the `participants import` command. */
import { runChild } from '../lib/child.js';
import { round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';
import type { ImportRun } from './child.js';

/** The import's time over csv-parse plus one prepared INSERT per row, same file, same run. */
const TARGET_RATIO = 3;

export const importBench: Benchmark = {
  name: 'import',
  what: '`participants import` of a 50,000-row CSV into a wave (median of 3 runs, each on a fresh database)',
  async run({ quick }) {
    const [r] = await runChild<ImportRun>('import/child.ts', [String(quick ? 1000 : 50_000), String(quick ? 1 : 3)]);
    if (!r) throw new Error('import child reported nothing');
    const ratio = round(r.medianSeconds / r.medianBaselineSeconds, 3);
    return {
      value: r.medianSeconds,
      unit: 's',
      ratio,
      target: `ratio ≤ ${TARGET_RATIO} of csv-parse + one prepared INSERT`,
      pass: ratio <= TARGET_RATIO,
      aside: `baseline ${r.medianBaselineSeconds} s`,
      details: {
        ...r,
        method:
          'runCli(["participants", "import", "--wave=<id>", file]) in-process: the same code as `npm run cli -- participants import`, ' +
          'timed from the call to its return (reading the file, decoding, parsing, validation, one transaction with participants and invitations). ' +
          'Baseline: reading the same file, csv-parse (columns: true) and one prepared better-sqlite3 INSERT into participants per row in one transaction, ' +
          'on a fresh database made the same way; one warm-up of each, then baseline and import in turn; ratio = median(import) / median(baseline). ' +
          'Process start-up and writing the CSV are outside.',
      },
    };
  },
};
