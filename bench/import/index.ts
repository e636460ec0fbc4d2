/** import: a 50,000-row participant CSV imported into a wave by the `participants import` command. */
import { runChild } from '../lib/child.js';
import type { Benchmark } from '../lib/types.js';
import type { ImportRun } from './child.js';

const TARGET_SECONDS = 3;

export const importBench: Benchmark = {
  name: 'import',
  what: '`participants import` of a 50,000-row CSV into a wave (median of 3 runs, each on a fresh database)',
  async run({ quick }) {
    const [r] = await runChild<ImportRun>('import/child.ts', [String(quick ? 1000 : 50_000), String(quick ? 1 : 3)]);
    if (!r) throw new Error('import child reported nothing');
    return {
      value: r.medianSeconds,
      unit: 's',
      target: `≤ ${TARGET_SECONDS} s`,
      pass: r.medianSeconds <= TARGET_SECONDS,
      details: {
        ...r,
        method:
          'runCli(["participants", "import", "--wave=<id>", file]) in-process: the same code as `npm run cli -- participants import`, ' +
          'timed from the call to its return (reading the file, decoding, parsing, validation, one transaction with participants and invitations). ' +
          'Process start-up and writing the CSV are outside.',
      },
    };
  },
};
