/** What the national-round benchmark's processes share (child.ts runs its mode when imported, so the parent imports this instead). */

/** The accounts child.ts setup creates and the benchmark signs in with. */
export const HOUSE_EVALUATOR = { email: 'evaluator.huis1@veiligheidshuis.example', password: 'benchmark-house-evaluator' };
export const NATIONAL_EVALUATOR = { email: 'evaluator.landelijk@veiligheidshuis.example', password: 'benchmark-national-evaluator' };

export interface NationalSetup {
  waveId: string;
  houses: number;
  waves: number;
  responses: number;
  participants: number;
  seconds: number;
}

export interface NationalServerReady {
  port: number;
  analyzeSeconds: number[];
  medianAnalyzeSeconds: number;
  analyzeColdSeconds: number;
  waveResponses: number;
  baselineRssMB: number;
  memoryMethod: string;
}

export interface NationalServerDone {
  peakRssMB: number;
  peakRssAboveBaselineMB: number;
}

