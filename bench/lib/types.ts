import type { BenchResult } from './results.js';

/** How a benchmark run is sized: the real figures, or a few-second smoke run of the harness itself. */
export interface BenchSettings {
  quick: boolean;
}

export interface Benchmark {
  name: string;
  /** What is measured, one line. */
  what: string;
  run(settings: BenchSettings): Promise<Omit<BenchResult, 'measuredAt'>>;
}
