/**
 * Synthetic Stappenmeter partners and answers for the demo. Realistic enough to make every results
 * table and chart meaningful, and obviously not real (example.org addresses, made-up names).
 *
 * Answers follow a simple latent-variable model, so aspects come out internally consistent:
 *
 *   y = aspect mean + house shift + group effects + 0.7·u_aspect + e_item,  code = round(y) in 1..4
 *
 * u_aspect = √0.5·θ + √0.5·z mixes a respondent's general satisfaction θ with an aspect-specific part,
 * and the item noise e is chosen per aspect so that Cronbach's alpha lands near the published value
 * (Tabel B1.1: 0.78–0.93): for a target α over k items the inter-item correlation is
 * r = α / (k − (k − 1)α) and the noise variance 0.49·(1 − r)/r, less the variance rounding adds.
 * Q17 gets some "geen oordeel" (code 5) and a few statements are skipped.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import { indexOf } from '../questionnaire/normalize.js';
import type { Values } from '../questionnaire/variables.js';
import type { Rng } from './prng.js';

export interface StappenmeterPerson {
  email: string;
  name: string;
  /** The participant list's columns: used by the non-response analysis. */
  attributes: { organisatie: string; overleg: string; geslacht: string };
  /** Q2 code of the overleg the person attends most. */
  overleg: number;
  /** Q3 code of the person's function. */
  beroep: number;
  /** Q63 code (attendance in the last 3 months). */
  attendance: number;
  /** General satisfaction (standard normal): the same person answers alike in two responses. */
  theta: number;
}

/** Organisations on the list, with weights and the function (Q3 code) their people answer. */
const ORGANISATIONS: ReadonlyArray<{ label: string; weight: number; beroep: (rng: Rng) => number }> = [
  { label: 'Gemeente', weight: 30, beroep: (rng) => (rng.chance(0.6) ? 1 : 2) },
  { label: 'Politie', weight: 21, beroep: () => 4 },
  { label: 'Zorg en welzijn', weight: 26, beroep: () => 6 },
  { label: 'Openbaar Ministerie', weight: 5, beroep: () => 3 },
  { label: 'Reclassering', weight: 7, beroep: () => 5 },
  { label: 'Overig', weight: 11, beroep: () => 7 },
];

const FIRST = ['Anna', 'Bram', 'Carla', 'Daan', 'Eva', 'Fatima', 'Gijs', 'Hanna', 'Ilse', 'Jeroen', 'Karim', 'Lotte', 'Mohamed', 'Noor', 'Olaf', 'Petra', 'Rik', 'Sanne', 'Tom', 'Yara'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Yilmaz', 'El Amrani'];

/** Overleg codes (Q2) with list weights: small groups (Jeugdgroepsaanpak) make the suppression visible. */
const OVERLEG_WEIGHTS = [0, 36, 22, 20, 12, 6, 4];
/** Attendance codes (Q63 1..20) with weights: most partners attend a few times in three months. */
const ATTENDANCE_WEIGHTS = [28, 12, 8, 10, 6, 5, 4, 5, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1];
const OTHER_OVERLEG = ['Zorg- en veiligheidsoverleg', 'Nazorgoverleg ex-gedetineerden', 'Wijkteamoverleg'];
const OTHER_FUNCTION = ['Leerplichtambtenaar', 'Medewerker Veilig Thuis', 'Woningcorporatie', 'Medewerker Halt'];

/** Effects on the mean score of a group (made up, small, so the charts show some differences). */
const OVERLEG_EFFECT: Record<number, number> = { 1: 0, 2: -0.06, 3: 0.12, 4: 0.05, 5: -0.22, 6: -0.05 };
const BEROEP_EFFECT: Record<number, number> = { 1: -0.1, 2: 0.05, 3: 0.12, 4: 0, 5: 0.1, 6: 0.03, 7: -0.05 };

/**
 * Mean and target alpha per aspect, near the published Stappenmeter results (Tabel 7.3, B1.1); the
 * targets sit a little above the published alphas because a sample of 76 scatters around them.
 */
export const ASPECT_TARGETS: Record<string, { mean: number; alpha: number }> = {
  selectie: { mean: 3.0, alpha: 0.88 },
  voorbereiding: { mean: 3.05, alpha: 0.9 },
  informatiedeling: { mean: 3.02, alpha: 0.87 },
  bespreking: { mean: 3.12, alpha: 0.91 },
  samenwerking: { mean: 3.08, alpha: 0.91 },
  evaluatie: { mean: 2.85, alpha: 0.88 },
  rendement: { mean: 2.95, alpha: 0.9 },
};

function optionLabel(questionnaire: Questionnaire, code: string, value: number): string {
  const q = indexOf(questionnaire).question.get(code);
  const option = q && 'options' in q ? q.options.find((o) => o.value === value) : undefined;
  return option?.label ?? String(value);
}

/** A list of partners for one wave, with e-mail addresses `<prefix>.NNN@example.org`. */
export function stappenmeterPeople(questionnaire: Questionnaire, rng: Rng, count: number, prefix: string): StappenmeterPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const org = ORGANISATIONS[rng.weighted(ORGANISATIONS.map((o) => o.weight))]!;
    const overleg = rng.weighted(OVERLEG_WEIGHTS);
    const nr = String(i + 1).padStart(3, '0');
    return {
      email: `${prefix}.${nr}@example.org`,
      name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
      attributes: {
        organisatie: org.label,
        overleg: overleg === 6 ? 'Anders' : optionLabel(questionnaire, 'Q2', overleg),
        geslacht: rng.chance(0.55) ? 'vrouw' : 'man',
      },
      overleg,
      beroep: org.beroep(rng),
      attendance: rng.weighted(ATTENDANCE_WEIGHTS) + 1,
      theta: rng.normal(),
    };
  });
}

/** Weight of the respondent's aspect level in every answer. */
const LOADING = 0.7;

/** Noise SD of an item so that k items reach about the target alpha (see the file comment). */
function itemNoise(k: number, alpha: number): number {
  const common = LOADING * LOADING;
  const r = Math.min(0.95, alpha / (k - (k - 1) * alpha));
  const variance = (common * (1 - r)) / r - 1 / 12;
  return Math.sqrt(Math.max(0.02, variance));
}

export interface StappenmeterAnswerOptions {
  /** Shift of the house's (or year's) mean scores. */
  shift: number;
  /** The overleg this response is about (a second response is about another overleg). */
  overleg?: number;
}

/** The answers of one response (contact questions left out: the demo partners never ask for contact). */
export function stappenmeterAnswers(questionnaire: Questionnaire, rng: Rng, person: StappenmeterPerson, options: StappenmeterAnswerOptions): Values {
  const overleg = options.overleg ?? person.overleg;
  const values: Values = { Q2: overleg, Q3: person.beroep, Q63: person.attendance };
  if (overleg === 6) values.Q2_other = rng.pick(OTHER_OVERLEG);
  if (person.beroep === 7) values.Q3_other = rng.pick(OTHER_FUNCTION);
  const index = indexOf(questionnaire);
  const attendanceEffect = person.attendance >= 9 ? 0.12 : person.attendance >= 5 ? 0.05 : -0.03;
  const base = options.shift + (OVERLEG_EFFECT[overleg] ?? 0) + (BEROEP_EFFECT[person.beroep] ?? 0) + attendanceEffect;
  for (const aspect of questionnaire.aspects) {
    const target = ASPECT_TARGETS[aspect.id] ?? { mean: 3, alpha: 0.85 };
    const u = Math.SQRT1_2 * person.theta + Math.SQRT1_2 * rng.normal();
    const noise = itemNoise(aspect.items.length, target.alpha);
    for (const code of aspect.items) {
      const variable = index.variable.get(code);
      if (rng.chance(0.012)) continue;
      if (variable?.missingValues.length && rng.chance(0.11)) {
        values[code] = variable.missingValues[0]!;
        continue;
      }
      const y = target.mean + base + LOADING * u + noise * rng.normal();
      values[code] = Math.min(4, Math.max(1, Math.round(y)));
    }
  }
  return values;
}
