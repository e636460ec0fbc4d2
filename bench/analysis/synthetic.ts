/**
 * Synthetic Stappenmeter responses for the analysis benchmarks: seeded, so every run analyses the
 * same data, and shaped the way loadWaveResponses() hands them to analyze(): one object per response,
 * parsed from JSON whose keys come in the answers table's primary-key order (variable codes sorted),
 * with unanswered questions absent rather than null. Answers within an aspect are correlated (a
 * respondent trait plus an aspect factor plus item noise), so alphas land near the published 0.8-0.9.
 */
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { normal, seeded } from '../lib/measure.js';

/** Share of Likert statements left unanswered. */
const SKIPPED = 0.04;
/** Share of answers 'geen oordeel' where the statement offers it (Q17). */
const NO_OPINION = 0.12;

function pick(random: () => number, weights: readonly number[]): number {
  let r = random() * weights.reduce((a, w) => a + w, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i + 1;
  }
  return weights.length;
}

/** n synthetic responses to the Stappenmeter (its aspect items, Q2, Q3, Q63 and their 'anders' texts). */
export function stappenmeterResponses(questionnaire: Questionnaire, n: number, seed = 20141115): Values[] {
  const random = seeded(seed);
  const aspects = questionnaire.aspects;
  const byCode = new Map(questionnaire.variables.map((v) => [v.code, v]));
  for (const code of ['Q2', 'Q3', 'Q63', 'Q2_other', 'Q3_other']) if (!byCode.has(code)) throw new Error(`the Stappenmeter has no variable ${code}`);
  const items = aspects.flatMap((a, aspect) =>
    a.items.map((code) => ({ code, aspect, noOpinion: byCode.get(code)?.missingValues[0] ?? null, offset: (random() - 0.5) * 0.6 })),
  );
  // the loader's JSON has its keys in the answers table's order: variable codes sorted byte-wise
  const codes = [...items.map((i) => i.code), 'Q2', 'Q3', 'Q63', 'Q2_other', 'Q3_other'].sort();
  const itemIndex = new Map(items.map((it, i) => [it.code, i]));
  const overlegWeights = [30, 20, 20, 10, 15, 5];
  const functieWeights = [15, 10, 4, 25, 5, 30, 11];
  const answers = new Array<number>(items.length);
  const factor = new Array<number>(aspects.length);
  const out: Values[] = new Array(n);

  for (let r = 0; r < n; r++) {
    const q2 = pick(random, overlegWeights);
    const q3 = pick(random, functieWeights);
    // attendance: most people a few times, some every week
    const q63 = Math.min(20, 1 + Math.floor(-Math.log(1 - random()) * 5));
    const trait = normal(random) + (q2 - 3) * 0.08;
    for (let a = 0; a < aspects.length; a++) factor[a] = 0.8 * trait + 0.6 * normal(random);
    items.forEach((it, i) => {
      const u = random();
      if (u < SKIPPED) answers[i] = NaN;
      else if (it.noOpinion !== null && u < SKIPPED + NO_OPINION) answers[i] = it.noOpinion;
      else answers[i] = Math.min(4, Math.max(1, Math.round(2.7 + it.offset + 0.7 * factor[it.aspect]! + 0.55 * normal(random))));
    });
    let json = '{';
    for (const code of codes) {
      let cell: string | null = null;
      const i = itemIndex.get(code);
      if (i !== undefined) cell = Number.isNaN(answers[i]!) ? null : String(answers[i]);
      else if (code === 'Q2') cell = String(q2);
      else if (code === 'Q3') cell = String(q3);
      else if (code === 'Q63') cell = String(q63);
      else if (code === 'Q2_other') cell = q2 === 6 ? '"Zorg- en veiligheidsoverleg"' : null;
      else if (code === 'Q3_other') cell = q3 === 7 ? '"Leerplichtambtenaar"' : null;
      if (cell !== null) json += `${json.length > 1 ? ',' : ''}"${code}":${cell}`;
    }
    out[r] = JSON.parse(`${json}}`) as Values;
  }
  return out;
}
