/** How a test round (waves.is_test) is named wherever a wave is named: "Testronde". */
export const TEST_WAVE_LABEL = 'Testronde';

/** A wave's title as text (a workbook, a running header, a list of waves): "Najaar 2026 (Testronde)" for a test wave. */
export function waveTitle(wave: { title: string; is_test: 0 | 1 }): string {
  return wave.is_test ? `${wave.title} (${TEST_WAVE_LABEL})` : wave.title;
}
