/** Where a wave stands in time: respondents may answer only while it is open. */
export type WaveState = 'scheduled' | 'open' | 'closed';

export function waveState(wave: { opens_at: string; closes_at: string }, now: Date): WaveState {
  const t = now.getTime();
  if (t < Date.parse(wave.opens_at)) return 'scheduled';
  if (t >= Date.parse(wave.closes_at)) return 'closed';
  return 'open';
}
