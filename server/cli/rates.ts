import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { computeWaveRates } from '../services/rates.js';
import { findWave } from '../services/waves.js';
import type { WaveRates } from '../domain/fieldwork/responseRates.js';
import { parseNow } from './mail.js';
import { openCliDatabase, print, type Command } from './io.js';

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

function summary(title: string, r: WaveRates): string {
  const lines = [
    title,
    `  invited ${r.invited}, ineligible ${r.ineligible}, eligible ${r.eligible}`,
    `  complete ${r.completePersons}, partial ${r.partialPersons}${r.partialSent ? ` (${r.partialSent} sent too few answers)` : ''}, opted out ${r.optedOut}, bounced ${r.nonContact}, no answer ${r.noAnswer}`,
    `  RR1 ${pct(r.rr1)} = ${r.completePersons}/${r.eligible}   RR2 ${pct(r.rr2)} = ${r.completePersons + r.partialPersons}/${r.eligible}   responses ${r.responses}${r.partialResponses ? ` (${r.partialResponses} partial)` : ''}`,
  ];
  for (const b of r.breakdowns) {
    lines.push(`  by ${b.attribute}:`);
    for (const c of b.cells) {
      const rate = c.suppressed ? 'suppressed (small cell)' : `complete ${c.complete}, RR1 ${pct(c.rr1)}`;
      lines.push(`    ${(c.value ?? '(unknown)').padEnd(28)} invited ${String(c.invited).padStart(4)}, eligible ${String(c.eligible).padStart(4)}, ${rate}`);
    }
  }
  return lines.join('\n');
}

/** `wave rates --wave <id> [--now <ISO time>] [--json]`: dispositions, RR1/RR2, responses, breakdowns, daily curve. */
export const waveRatesCommand: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { wave: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (!values.wave) throw new UsageError('Usage: wave rates --wave <id> [--now <ISO time>] [--json]');
  const now = parseNow(values.now) ?? new Date();
  const { db, close } = await openCliDatabase();
  try {
    const wave = await findWave(db, values.wave);
    if (!wave) throw new UsageError(`No wave with id "${values.wave}"`);
    const rates = await computeWaveRates(db, wave, now);
    print(io, values.json, { wave: { id: wave.id, title: wave.title, house: wave.house }, ...rates }, () =>
      summary(`${wave.title} (${wave.house}, ${wave.id})`, rates),
    );
    return 0;
  } finally {
    await close();
  }
};
