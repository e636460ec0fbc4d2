import { describe, expect, it } from 'vitest';
import { waveAllows, waveState, waveStateLabel, type WaveAction, type WaveState } from '../../../server/domain/fieldwork/waveState.js';

const wave = (launched: string | null) => ({ opens_at: '2026-12-01T00:00:00.000Z', closes_at: '2026-12-20T00:00:00.000Z', launched_at: launched });

describe('waveState', () => {
  it('is a concept until launched, whatever the dates; then gepland, open and gesloten by the clock', () => {
    for (const at of ['2026-11-01', '2026-12-10', '2027-01-01']) expect(waveState(wave(null), new Date(at))).toBe('concept');
    const launched = wave('2026-11-20T10:00:00.000Z');
    expect(waveState(launched, new Date('2026-11-30T23:59:59Z'))).toBe('scheduled');
    expect(waveState(launched, new Date('2026-12-01T00:00:00Z'))).toBe('open');
    expect(waveState(launched, new Date('2026-12-20T00:00:00Z'))).toBe('closed');
    expect(['concept', 'gepland', 'open', 'gesloten']).toEqual(
      [wave(null), launched, launched, launched].map((w, i) => waveStateLabel(w, new Date(['2026-11-01', '2026-11-25', '2026-12-10', '2027-01-01'][i]!))),
    );
  });

  it('allows choosing the version and launching only a concept, and participants, open links and test mail until closing', () => {
    const table = (['concept', 'scheduled', 'open', 'closed'] as WaveState[]).map((state) =>
      (['chooseQuestionnaire', 'launch', 'addParticipants', 'openLink', 'testMail'] as WaveAction[]).map((action) => waveAllows(state, action)),
    );
    expect(table).toEqual([
      [true, true, true, true, true],
      [false, false, true, true, true],
      [false, false, true, true, true],
      [false, false, false, false, false],
    ]);
  });
});
