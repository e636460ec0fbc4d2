/**
 * Where a wave stands: a concept until a researcher launches it (no link works, no mail goes out),
 * then scheduled until its opening moment, open, and closed from its closing moment. Respondents
 * may answer only while it is open.
 */
export type WaveState = 'concept' | 'scheduled' | 'open' | 'closed';

/** The Dutch name of each state, the same on every page and in the command line's text output. */
export const waveStateLabels: Readonly<Record<WaveState, string>> = { concept: 'concept', scheduled: 'gepland', open: 'open', closed: 'gesloten' };

export function waveState(wave: { opens_at: string; closes_at: string; launched_at: string | null }, now: Date): WaveState {
  if (wave.launched_at === null) return 'concept';
  const t = now.getTime();
  if (t < timeOf(wave.opens_at)) return 'scheduled';
  if (t >= timeOf(wave.closes_at)) return 'closed';
  return 'open';
}

const times = new Map<string, number>();

/**
 * Date.parse() of a stored time, kept (at most 1,000): every respondent request checks its wave's
 * opening and closing time, and parsing a date string costs more than looking it up.
 */
export function timeOf(iso: string): number {
  let t = times.get(iso);
  if (t === undefined) {
    if (times.size >= 1000) times.clear();
    t = Date.parse(iso);
    times.set(iso, t);
  }
  return t;
}

export type WaveAction = 'chooseQuestionnaire' | 'launch' | 'addParticipants' | 'openLink' | 'testMail';

/**
 * Which actions a wave in this state still offers (pages) and accepts (services): the questionnaire
 * version is chosen and the wave launched only as a concept; participants, open links and test mail
 * end when the wave closes. Deleting depends on what the wave holds (services/waves.ts).
 */
export function waveAllows(state: WaveState, action: WaveAction): boolean {
  switch (action) {
    case 'chooseQuestionnaire':
    case 'launch':
      return state === 'concept';
    case 'addParticipants':
    case 'openLink':
    case 'testMail':
      return state !== 'closed';
  }
}

/** The Dutch name of the wave's state now. */
export function waveStateLabel(wave: { opens_at: string; closes_at: string; launched_at: string | null }, now: Date): string {
  return waveStateLabels[waveState(wave, now)];
}
