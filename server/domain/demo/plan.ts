/**
 * The demo's fieldwork, planned without a database: which waves exist, who on each list is
 * ineligible, completes (when, and who answers twice), stops halfway, opts out or bounces, and who
 * receives each mail round. Response times cluster after the invitation and after every reminder, so
 * the cumulative response curve shows a step at each reminder.
 *
 * The Stappenmeter wave of the demo house mirrors the fieldwork of the thesis (003:1761-1816): 165
 * invited, 13 ineligible, 73 persons completed (48,0 % of 152), 3 of them twice, three reminders.
 */
import { dutchTimeToUtc, parseDay } from '../fieldwork/waveDates.js';
import type { Rng } from './prng.js';

export type DemoQuestionnaire = 'stappenmeter-doelbereik' | 'breedtescan-ketenmanagers';

export interface WaveSpec {
  key: string;
  questionnaire: DemoQuestionnaire;
  house: string;
  title: string;
  /** Opening and closing day (YYYY-MM-DD, Dutch time). */
  opens: string;
  closes: string;
  /** Reminder days after the invitation. */
  reminders: number[];
  invited: number;
  ineligible: number;
  /** Persons who complete. */
  complete: number;
  /** Of those, persons who answer a second time (for another overleg). */
  repeats: number;
  partial: number;
  optedOut: number;
  bounced: number;
  /** Shift of the mean Likert scores (house or year differences). */
  shift: number;
  anonymous: boolean;
  /** Local part prefix of the made-up e-mail addresses. */
  emailPrefix: string;
}

export const DEMO_HOUSE = 'Veiligheidshuis Demoregio';

/** Every demo wave: the demo house this year and last year, three other houses, and the breedtescan. */
export const DEMO_WAVES: readonly WaveSpec[] = [
  {
    key: 'demo-2025',
    questionnaire: 'stappenmeter-doelbereik',
    house: DEMO_HOUSE,
    title: 'Stappenmeter najaar 2025',
    opens: '2025-11-15',
    closes: '2025-12-20',
    reminders: [10, 17, 24],
    invited: 165,
    ineligible: 13,
    complete: 73,
    repeats: 3,
    partial: 4,
    optedOut: 2,
    bounced: 1,
    shift: 0,
    anonymous: true,
    emailPrefix: 'demoregio25',
  },
  {
    key: 'demo-2024',
    questionnaire: 'stappenmeter-doelbereik',
    house: DEMO_HOUSE,
    title: 'Stappenmeter najaar 2024',
    opens: '2024-11-12',
    closes: '2024-12-17',
    reminders: [10, 17, 24],
    invited: 148,
    ineligible: 10,
    complete: 61,
    repeats: 2,
    partial: 3,
    optedOut: 1,
    bounced: 2,
    shift: -0.15,
    anonymous: true,
    emailPrefix: 'demoregio24',
  },
  {
    key: 'kust-2025',
    questionnaire: 'stappenmeter-doelbereik',
    house: 'Veiligheidshuis Kustregio',
    title: 'Stappenmeter najaar 2025',
    opens: '2025-11-10',
    closes: '2025-12-15',
    reminders: [7, 14, 21],
    invited: 120,
    ineligible: 6,
    complete: 52,
    repeats: 1,
    partial: 2,
    optedOut: 1,
    bounced: 0,
    shift: 0.12,
    anonymous: true,
    emailPrefix: 'kustregio25',
  },
  {
    key: 'stroom-2025',
    questionnaire: 'stappenmeter-doelbereik',
    house: 'Veiligheidshuis Stroomland',
    title: 'Stappenmeter najaar 2025',
    opens: '2025-11-17',
    closes: '2025-12-19',
    reminders: [7, 14],
    invited: 90,
    ineligible: 4,
    complete: 38,
    repeats: 0,
    partial: 2,
    optedOut: 0,
    bounced: 1,
    shift: -0.08,
    anonymous: true,
    emailPrefix: 'stroomland25',
  },
  {
    key: 'eilanden-2025',
    questionnaire: 'stappenmeter-doelbereik',
    house: 'Veiligheidshuis Eilanden',
    title: 'Stappenmeter najaar 2025',
    opens: '2025-11-17',
    closes: '2025-12-19',
    reminders: [10],
    invited: 12,
    ineligible: 1,
    complete: 3,
    repeats: 0,
    partial: 0,
    optedOut: 0,
    bounced: 0,
    shift: 0.2,
    anonymous: true,
    emailPrefix: 'eilanden25',
  },
  {
    key: 'breedtescan-2025',
    questionnaire: 'breedtescan-ketenmanagers',
    house: 'Alle Veiligheidshuizen (ketenmanagers)',
    title: 'Breedtescan ketenmanagers 2025-2026',
    opens: '2025-12-01',
    closes: '2026-01-31',
    reminders: [14, 35],
    invited: 33,
    ineligible: 0,
    complete: 31,
    repeats: 0,
    partial: 0,
    optedOut: 0,
    bounced: 0,
    shift: 0,
    anonymous: false,
    emailPrefix: 'ketenmanager',
  },
];

export type PersonState = 'ineligible' | 'complete' | 'partial' | 'optedOut' | 'bounced' | 'noAnswer';

export interface PersonPlan {
  state: PersonState;
  /** Submission times of the person's responses (two for a repeat), in order. */
  responses: Date[];
  /** When a partial respondent saved a first page. */
  startedAt: Date | null;
  /** When an opted-out person unsubscribed. */
  optedOutAt: Date | null;
}

export interface RoundPlan {
  kind: 'invitation' | 'reminder';
  round: number;
  at: Date;
  /** Indexes of the persons the round went to. */
  recipients: number[];
}

export interface WavePlan {
  opensAt: Date;
  closesAt: Date;
  persons: PersonPlan[];
  rounds: RoundPlan[];
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function day(text: string): { y: number; m: number; d: number } {
  const parsed = parseDay(text);
  if (!parsed) throw new Error(`not a day: ${text}`);
  return parsed;
}

/** 09:00 Dutch time on the given day plus `offset` days. */
function morning(text: string, offset: number): Date {
  const { y, m, d } = day(text);
  return dutchTimeToUtc(y, m, d + offset, 9, 0);
}

/** Plan the fieldwork of a wave; throws when the counts do not fit the list. */
export function planWave(spec: WaveSpec, rng: Rng): WavePlan {
  const { y, m, d } = day(spec.closes);
  const closesAt = dutchTimeToUtc(y, m, d, 23, 59, 59, 999);
  const opensAt = morning(spec.opens, 0);
  const rest = spec.invited - spec.ineligible - spec.complete - spec.partial - spec.optedOut - spec.bounced;
  if (rest < 0 || spec.repeats > spec.complete) throw new Error(`wave ${spec.key}: the counts do not fit ${spec.invited} invited`);

  const roundTimes = [opensAt, ...spec.reminders.map((r) => morning(spec.opens, r))];
  const phaseWeights = [0.45, 0.2, 0.18, 0.17].slice(0, roundTimes.length);
  const order = rng.shuffle(Array.from({ length: spec.invited }, (_, i) => i));
  const states: PersonState[] = new Array(spec.invited).fill('noAnswer');
  let at = 0;
  const assign = (state: PersonState, count: number) => {
    for (let i = 0; i < count; i++) states[order[at++]!] = state;
  };
  assign('ineligible', spec.ineligible);
  assign('complete', spec.complete);
  assign('partial', spec.partial);
  assign('optedOut', spec.optedOut);
  assign('bounced', spec.bounced);

  const randomMoment = (from: Date, until: Date): Date => {
    // most people answer within a day or two of a message, during office hours
    const days = Math.min(Math.floor(-Math.log(1 - rng.next()) * 1.4), Math.max(0, Math.floor((until.getTime() - from.getTime()) / DAY) - 1));
    const base = from.getTime() + days * DAY;
    const offset = (days === 0 ? 0.5 : -1) * HOUR + rng.next() * 9 * HOUR;
    return new Date(Math.min(until.getTime() - HOUR, Math.max(from.getTime() + 20 * 60_000, base + offset)));
  };

  let repeatsLeft = spec.repeats;
  const persons: PersonPlan[] = states.map((state) => {
    const plan: PersonPlan = { state, responses: [], startedAt: null, optedOutAt: null };
    if (state === 'complete') {
      const phase = rng.weighted(phaseWeights);
      const until = roundTimes[phase + 1] ?? closesAt;
      const first = randomMoment(roundTimes[phase]!, until);
      plan.responses.push(first);
      if (repeatsLeft > 0) {
        repeatsLeft -= 1;
        plan.responses.push(new Date(first.getTime() + (20 + rng.int(0, 60)) * 60_000));
      }
    } else if (state === 'partial') {
      plan.startedAt = randomMoment(opensAt, closesAt);
    } else if (state === 'optedOut') {
      plan.optedOutAt = randomMoment(opensAt, roundTimes[1] ?? closesAt);
    }
    return plan;
  });

  const rounds: RoundPlan[] = roundTimes.map((time, r) => ({
    kind: r === 0 ? 'invitation' : 'reminder',
    round: r,
    at: time,
    recipients: persons
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => {
        if (r === 0) return true;
        if (p.state === 'ineligible' || p.state === 'bounced') return false;
        if (p.optedOutAt && p.optedOutAt < time) return false;
        return !(p.responses[0] && p.responses[0] < time);
      })
      .map(({ i }) => i),
  }));
  return { opensAt, closesAt, persons, rounds };
}
