/**
 * A small Stappenmeter-like questionnaire and a deterministic synthetic dataset (used by the export,
 * results and hardening tests):
 * two aspects (one with a "geen oordeel" column), background questions, multiple choice with "anders",
 * a decimal number with "weet niet", open text (with quotes, commas, line breaks and formula-like
 * starts) and a contact question that must never reach an export.
 */
import { createRng } from '../../server/domain/demo/prng.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import type { QuestionnaireInput } from '../../server/domain/questionnaire/schema.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { checkedQuestionnaire } from './questionnaire.js';

export const LONG_STATEMENT =
  'Alle partners die aan het casusoverleg deelnemen, delen voldoende en tijdig de informatie die nodig is om een ' +
  'goed plan van aanpak te maken, ook wanneer die informatie afkomstig is van organisaties die niet aan tafel zitten ' +
  'en ook wanneer de privacyregels (AVG) het delen ingewikkeld maken — zo ervaart u dat in de praktijk in de afgelopen drie maanden';

export const fixtureInput: QuestionnaireInput = {
  id: 'stappenmeter-test',
  version: '1.0',
  title: 'Stappenmeter (test)',
  answerScales: {
    doelbereik: [
      { value: 1, label: 'helemaal niet' },
      { value: 2, label: 'enigszins' },
      { value: 3, label: 'grotendeels' },
      { value: 4, label: 'volledig' },
    ],
  },
  pages: [
    {
      id: 'achtergrond',
      blocks: [
        {
          type: 'single',
          code: 'Q2',
          text: 'Overleg waaraan u het meest deelnam',
          required: true,
          options: [
            { value: 1, label: 'Individueel casusoverleg' },
            { value: 2, label: 'Geclusterd jeugdoverleg' },
            { value: 3, label: 'Anders', other: true, otherLabel: 'Anders, namelijk' },
          ],
        },
        {
          type: 'single',
          code: 'Q3',
          text: 'Functie',
          options: [
            { value: 1, label: 'Gemeente' },
            { value: 2, label: 'Politie' },
            { value: 3, label: "OM / 'reclassering'" },
          ],
        },
      ],
    },
    {
      id: 'selectie',
      blocks: [
        {
          type: 'likert',
          code: 'Q6',
          text: 'In hoeverre is het volgende bereikt?',
          scale: 'doelbereik',
          statements: [
            { code: 'Q6_1', text: 'Het doel van het overleg is helder' },
            { code: 'Q6_2', text: "Er is een gedeelde definitie van 'succes' per casus" },
            { code: 'Q6_3', text: 'De "juiste" partners\nzitten aan tafel', reverse: true },
          ],
        },
      ],
    },
    {
      id: 'informatiedeling',
      blocks: [
        {
          type: 'likert',
          code: 'Q17',
          scale: 'doelbereik',
          missing: [{ value: 5, label: 'geen oordeel', missing: true }],
          statements: [
            { code: 'Q17_1', text: 'Gegevens worden voldoende beschermd opgeslagen' },
            { code: 'Q17_2', text: LONG_STATEMENT },
          ],
        },
      ],
    },
    {
      id: 'overig',
      blocks: [
        {
          type: 'multi',
          code: 'Q8',
          text: 'Met wie stemt u af?',
          options: [
            { value: 1, label: 'Niemand', exclusive: true },
            { value: 2, label: 'Politie' },
            { value: 3, label: 'Anders', other: true },
          ],
        },
        {
          type: 'number',
          code: 'Q40',
          text: 'Uren per week aan het overleg',
          integer: false,
          min: 0,
          max: 40,
          unit: 'uur',
          dontKnow: { value: 999, label: 'weet niet', missing: true },
        },
        { type: 'open', code: 'Q50', text: 'Opmerkingen', multiline: true, showIf: { q: 'Q2', in: [1, 2] } },
      ],
    },
    {
      id: 'contact',
      blocks: [{ type: 'email', code: 'Q30', text: 'Uw e-mailadres', contact: true }],
    },
  ],
  aspects: [
    { id: 'selectie', label: 'Selectie', items: ['Q6_1', 'Q6_2', 'Q6_3'] },
    { id: 'informatiedeling', label: 'Informatiedeling', items: ['Q17_1', 'Q17_2'] },
  ],
  background: [{ id: 'overlegvorm', label: 'Overlegvorm', question: 'Q2' }],
};

/** The fixture questionnaire, checked and normalized as a file would be. */
export function fixtureQuestionnaire(): Questionnaire {
  return checkedQuestionnaire(fixtureInput, 'fixture.json');
}

const TEXTS = [
  '=HYPERLINK("http://evil.test","klik")',
  '+31 6 12345678',
  '-geen-',
  '@iedereen',
  'Goed overleg, "prima" sfeer',
  'Eerste regel\nTweede regel',
  'Één opmerking: café & crème',
  "Niet zo'n succes",
];

/** `n` synthetic responses: correlated Likert answers, geen oordeel (5) on Q17, skipped cells, texts. */
export function fixtureResponses(n: number, seed = 20141115): Values[] {
  const rnd = createRng(seed).next;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const likert = (base: number): number | null => {
    if (rnd() < 0.08) return null;
    return Math.max(1, Math.min(4, Math.round(base + (rnd() - 0.5) * 2)));
  };
  return Array.from({ length: n }, (_, i) => {
    const base = 1 + rnd() * 3;
    const q2 = pick([1, 1, 2, 2, 3]);
    const v: Values = {
      Q2: q2,
      Q2_other: q2 === 3 ? pick(['Zorgoverleg', '=1+1', 'Jeugd, "nazorg"']) : null,
      Q3: rnd() < 0.1 ? null : pick([1, 2, 3]),
      Q6_1: likert(base),
      Q6_2: likert(base),
      Q6_3: likert(5 - base),
      Q17_1: rnd() < 0.2 ? 5 : likert(base),
      Q17_2: rnd() < 0.15 ? 5 : likert(base + 0.3),
    };
    const none = rnd() < 0.15;
    v.Q8_1 = none ? 1 : 0;
    v.Q8_2 = none ? 0 : rnd() < 0.6 ? 1 : 0;
    v.Q8_3 = none ? 0 : rnd() < 0.3 ? 1 : 0;
    v.Q8_other = v.Q8_3 === 1 ? pick(TEXTS) : null;
    v.Q40 = rnd() < 0.1 ? 999 : rnd() < 0.1 ? null : Math.round(rnd() * 160) / 4;
    v.Q50 = q2 !== 3 && i % 3 === 0 ? pick(TEXTS) : null;
    // contact answers are stored apart in the real database; here they test that no export carries them
    v.Q30 = i % 7 === 0 ? `persoon${i}@example.test` : null;
    for (const key of Object.keys(v)) if (v[key] === null) delete v[key];
    return v;
  });
}
