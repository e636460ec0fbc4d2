/**
 * Synthetic breedtescan answers: one ketenmanager per Veiligheidshuis. The answers follow the
 * questionnaire's routing (what a route hides is dropped by route()), the percentage distribution of
 * Q19 always totals exactly 100, Q8's "Geen afstemming" is never combined with another option, and
 * the distributions roughly follow the published Bijlage 4 tables (e.g. Q6: 25 / 5 / 1, Q15: 2 / 12 / 17).
 */
import { largestRemainder } from '../stats/largestRemainder.js';
import type { Questionnaire } from '../questionnaire/normalize.js';
import { route } from '../questionnaire/routing.js';
import type { Values } from '../questionnaire/variables.js';
import type { Rng } from './prng.js';

/** 33 made-up Veiligheidshuizen: the demo house first. Any likeness to a real region's name is chance. */
export const DEMO_HOUSES = [
  'Veiligheidshuis Demoregio',
  'Veiligheidshuis Kustregio',
  'Veiligheidshuis Stroomland',
  'Veiligheidshuis Eilanden',
  'Veiligheidshuis Polderland',
  'Veiligheidshuis Duinstreek',
  'Veiligheidshuis Merenland',
  'Veiligheidshuis Bosrand',
  'Veiligheidshuis Zandvlakte',
  'Veiligheidshuis Havenstad',
  'Veiligheidshuis Vestingstad',
  'Veiligheidshuis Grenszone',
  'Veiligheidshuis Dijkland',
  'Veiligheidshuis Heideland',
  'Veiligheidshuis Kanaalzone',
  'Veiligheidshuis Vlietstreek',
  'Veiligheidshuis Kempenrand',
  'Veiligheidshuis Middenvallei',
  'Veiligheidshuis Noorderkwartier-Oost',
  'Veiligheidshuis Zuiderpoort',
  'Veiligheidshuis Oostflank',
  'Veiligheidshuis Westkaap',
  'Veiligheidshuis Hoogveld',
  'Veiligheidshuis Laagveld',
  'Veiligheidshuis Stroomdal',
  'Veiligheidshuis Kleistreek',
  'Veiligheidshuis Terpenland',
  'Veiligheidshuis Beekdal',
  'Veiligheidshuis Lindestad',
  'Veiligheidshuis Burchtstad',
  'Veiligheidshuis Molenstreek',
  'Veiligheidshuis Wadkust',
  'Veiligheidshuis Bergrand',
] as const;

const ORGANISATIONS = ['Woningcorporatie', 'GGZ-instelling', 'Verslavingszorg', 'Wijkteams', 'Onderwijs', 'Leerplicht', 'Jeugdbescherming', 'Schuldhulpverlening'];
const GREMIA = ['Regionaal Veiligheidsoverleg', 'Zorg- en Veiligheidshuis-overleg', 'RIEC', 'Driehoek', 'Regionale Jeugdtafel'];
const KNELPUNTEN = [
  'Onvoldoende capaciteit bij de partners om casussen op te pakken',
  'Informatiedeling tussen zorg en veiligheid blijft lastig door privacyregels',
  'Onduidelijke financiering door de deelnemende gemeenten',
  'Te weinig zicht op de resultaten van de aanpak',
];
const BIJDRAGEN = ['Een landelijk privacykader dat partners vertrouwen geeft', 'Structurele financiering van de ketenregie', 'Een landelijke monitor om huizen te vergelijken'];
const KANSEN = ['Meer verbinding met de wijkteams', 'Een sterkere rol in de aanpak van personen met verward gedrag', 'Betere aansluiting bij de zorgkant'];
const REDENEN = ['Partners kennen het veiligheidshuis onvoldoende', 'Casussen worden in andere overleggen opgepakt', 'Drempel om informatie te delen', 'Gemeenten voeren zelf regie'];

/** Share per Q19 partner (politie brings most cases), before noise. */
const Q19_WEIGHTS = [34, 14, 9, 8, 5, 2, 6, 2, 9, 7, 4];

function someOf<T>(rng: Rng, items: readonly T[], lo: number, hi: number): T[] {
  return rng.shuffle(items).slice(0, rng.int(lo, hi));
}

/** The answers of one house, already routed (answers to hidden questions dropped). */
export function breedtescanAnswers(questionnaire: Questionnaire, rng: Rng, house: string): Values {
  const v: Values = { Q1: house };
  v.Q2 = [1, 2, 3][rng.weighted([8, 20, 3])]!;
  someOf(rng, ORGANISATIONS, 1, 3).forEach((o, i) => (v[`Q3_${i + 1}`] = o));
  v.Q4 = [1, 2, 3][rng.weighted([14, 15, 2])]!;
  if (v.Q4 === 3) v.Q4_other = 'Wisselend per organisatie';
  someOf(rng, ORGANISATIONS, 1, 2).forEach((o, i) => (v[`Q5_${i + 1}`] = o));
  v.Q6 = [1, 2, 3][rng.weighted([25, 5, 1])]!;
  if (v.Q6 === 3) v.Q6_other = 'Niet duidelijk';
  v.Q7 = [1, 2, 3, 4][rng.weighted([11, 1, 14, 5])]!;
  if (v.Q7 === 4) v.Q7_other = 'Manager samen met de voorzitter van de stuurgroep';

  // Q8: "Geen afstemming" (1) excludes the other options
  const none = rng.chance(0.12);
  const q8 = none ? [1] : someOf(rng, [2, 3, 4], 1, 3);
  for (const o of [1, 2, 3, 4]) v[`Q8_${o}`] = q8.includes(o) ? 1 : 0;
  someOf(rng, GREMIA, 1, 3).forEach((g, i) => (v[`Q9_${i + 1}`] = g));

  const shareScale = [1, 2, 3, 4, 5, 6];
  v.Q10 = shareScale[rng.weighted([12, 9, 4, 2, 1, 3])]!;
  v.Q11 = shareScale[rng.weighted([6, 12, 7, 3, 0, 3])]!;
  v.Q12 = [1, 2, 3, 4][rng.weighted([3, 6, 12, 10])]!;
  v.Q13 = rng.chance(0.7) ? 1 : 0;
  const q14 = someOf(rng, [1, 2, 3], 1, 3);
  for (const o of [1, 2, 3]) v[`Q14_${o}`] = q14.includes(o) ? 1 : 0;
  if (q14.includes(3)) v.Q14_other = 'Aanpak ondermijning';
  v.Q15 = [1, 2, 3][rng.weighted([2, 12, 17])]!;
  v.Q16 = rng.pick(KNELPUNTEN);
  if (rng.chance(0.8)) v.Q17 = rng.pick(BIJDRAGEN);
  v.Q18 = rng.chance(0.75) ? 1 : 0;

  // Q19: whole percentages totalling exactly 100 (largest remainder), "overig" sometimes 0
  if (rng.chance(0.9)) {
    const raw = Q19_WEIGHTS.map((w, i) => (i === 10 && rng.chance(0.35) ? 0 : Math.round(1000 * w * Math.exp(0.6 * rng.normal()))));
    const shares = largestRemainder(raw, 0)!;
    shares.forEach((s, i) => (v[`Q19_${i + 1}`] = s));
    if ((v.Q19_11 as number) > 0) v.Q20 = rng.pick(['Woningcorporaties', 'Scholen en leerplicht', 'Wijkteams']);
  }

  v.Q21 = [1, 2, 3][rng.weighted([9, 17, 5])]!;
  v.Q22 = rng.chance(0.15) ? 999 : 5 * rng.int(2, 18);
  someOf(rng, REDENEN, 1, 2).forEach((r, i) => (v[`Q23_${i + 1}`] = r));
  v.Q24 = shareScale[rng.weighted([2, 6, 8, 8, 2, 5])]!;
  v.Q25 = [1, 2, 3][rng.weighted([16, 10, 5])]!;
  v.Q26 = rng.chance(0.7) ? 1 : 0;
  v.Q27 = [1, 2, 3][rng.weighted([12, 15, 4])]!;
  someOf(rng, ORGANISATIONS, 0, 3).forEach((o, i) => (v[`Q28_${i + 1}`] = o));
  v.Q29 = rng.chance(0.55) ? 1 : 0;
  const q30 = someOf(rng, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 4);
  for (const o of [1, 2, 3, 4, 5, 6, 7, 8, 9]) v[`Q30_${o}`] = q30.includes(o) ? 1 : 0;
  if (q30.includes(9)) v.Q30_other = 'Onderwijsinstellingen';
  v.Q31 = [1, 2, 3][rng.weighted([14, 12, 5])]!;
  v.Q32 = [1, 2, 3, 4, 5][rng.weighted([9, 14, 5, 2, 1])]!;
  v.Q33 = [1, 2, 3, 4][rng.weighted([4, 17, 9, 1])]!;
  if (rng.chance(0.85)) v.Q34 = rng.pick(KANSEN);
  if (rng.chance(0.2)) v.opmerkingen = 'Goed dat deze inventarisatie er is.';
  return route(questionnaire, v).values;
}
