/**
 * The demo (`npm run demo`): a demo Veiligheidshuis in the database, so every results page has
 * something to show within a minute. Synthetic, reproducible data (seeded), stored through the same
 * repositories and transactions the respondent side uses:
 *
 * - houses as records, a landelijk onderzoeker demo@example.org, a landelijk evaluator
 *   demo-evaluator@example.org, and per house with its own waves a coordinator
 *   (demo-coordinator-<house>@example.org) and an evaluator (demo-evaluator-<house>@example.org), all
 *   with the password from DEMO_PASSWORD or the documented demo password;
 * - "Veiligheidshuis Demoregio": a closed Stappenmeter wave (165 invited, 13 ineligible, 73 completed,
 *   3 of them twice: 76 responses), its wave of a year earlier, and waves of three other houses (one
 *   with only three responses, to show suppression in the comparison);
 * - a breedtescan wave to which 31 of 33 houses responded;
 * - a national round of the Stappenmeter over the houses with their own team, opening in a week: a
 *   concept wave per house that its coordinator fills with participants and launches.
 *
 * Refuses to run twice: when the demo is already there it only prints how to log in.
 */
import type { Db } from '../db/connection.js';
import type { Grant, Wave } from '../db/database.js';
import { storePage } from '../db/repositories/drafts.js';
import { draftTime } from './respondent.js';
import { createNationalRound } from './rounds.js';
import { invitationIdsByParticipant } from '../db/repositories/invitations.js';
import { insertMailJobs } from '../db/repositories/mailPlanning.js';
import { insertParticipants, setBounced, setEligibility, setOptedOut } from '../db/repositories/participants.js';
import { submitResponse } from '../db/repositories/responses.js';
import { insertGrant } from '../db/repositories/grants.js';
import { findHouseByName, insertHouse } from '../db/repositories/houses.js';
import { isComplete } from '../domain/respondent/completion.js';
import { createUser, findUserByEmail } from '../db/repositories/users.js';
import { createWave } from '../db/repositories/waves.js';
import { breedtescanAnswers, DEMO_HOUSES } from '../domain/demo/breedtescan.js';
import { DEMO_HOUSE, DEMO_WAVES, planWave, type WaveSpec } from '../domain/demo/plan.js';
import { createRng, type Rng } from '../domain/demo/prng.js';
import { stappenmeterAnswers, stappenmeterPeople, type StappenmeterPerson } from '../domain/demo/stappenmeter.js';
import {
  defaultInvitationSubject,
  defaultReminderSubject,
  defaultTemplates,
} from '../domain/fieldwork/defaultTexts.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import type { Values } from '../domain/questionnaire/variables.js';
import { hashPassword } from '../security/passwords.js';
import type { Secrets } from '../security/secrets.js';

export const DEMO_EMAIL = 'demo@example.org';
export const DEMO_EVALUATOR_EMAIL = 'demo-evaluator@example.org';
/** The documented demo password (README); DEMO_PASSWORD overrides it. */
export const DEFAULT_DEMO_PASSWORD = 'demo-veiligheidshuis';
const SEED = 'veiligheidshuis-demo-1';

/** A demo account: what it may see, for the command's output and the README. */
export interface DemoAccount {
  email: string;
  name: string;
  grants: string[];
}

export interface DemoWaveSummary {
  id: string;
  key: string;
  house: string;
  title: string;
  questionnaire: string;
  participants: number;
  responses: number;
}

export type DemoResult = { status: 'loaded'; waves: DemoWaveSummary[]; accounts: DemoAccount[] } | { status: 'exists'; accounts: DemoAccount[] };

/** The houses with their own coordinator and evaluator: the houses of the Stappenmeter waves. */
const HOUSES_WITH_TEAMS = [...new Set(DEMO_WAVES.filter((w) => w.questionnaire !== 'breedtescan-ketenmanagers').map((w) => w.house))];

/** The short name of a house in its demo addresses: "Veiligheidshuis Kustregio" → "kustregio". */
function houseSlug(house: string): string {
  return house.replace(/^Veiligheidshuis\s+/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Every demo account with what it may see. */
export function demoAccounts(): DemoAccount[] {
  return [
    { email: DEMO_EMAIL, name: 'Demo onderzoeker', grants: ['national-researcher'] },
    { email: DEMO_EVALUATOR_EMAIL, name: 'Demo evaluator', grants: ['national-evaluator'] },
    ...HOUSES_WITH_TEAMS.flatMap((house) => [
      { email: `demo-coordinator-${houseSlug(house)}@example.org`, name: `Coördinator ${house}`, grants: [`coordinator:${house}`] },
      { email: `demo-evaluator-${houseSlug(house)}@example.org`, name: `Evaluator ${house}`, grants: [`evaluator:${house}`] },
    ]),
  ];
}

interface DemoPerson {
  email: string;
  name: string;
  attributes: Record<string, string>;
  answers(rng: Rng, second: boolean): Values;
}

const REGIONS = ['Noord', 'Oost', 'Zuid', 'West'];

function peopleFor(spec: WaveSpec, questionnaire: Questionnaire, rng: Rng): DemoPerson[] {
  if (spec.questionnaire === 'breedtescan-ketenmanagers') {
    return Array.from({ length: spec.invited }, (_, i) => {
      const house = DEMO_HOUSES[i % DEMO_HOUSES.length]!;
      return {
        email: `${spec.emailPrefix}.${String(i + 1).padStart(2, '0')}@example.org`,
        name: `Ketenmanager ${house.replace('Veiligheidshuis ', '')}`,
        attributes: { regio: REGIONS[i % REGIONS.length]! },
        answers: (r: Rng) => breedtescanAnswers(questionnaire, r, house),
      };
    });
  }
  const people: StappenmeterPerson[] = stappenmeterPeople(questionnaire, rng, spec.invited, spec.emailPrefix);
  return people.map((p) => ({
    email: p.email,
    name: p.name,
    attributes: p.attributes,
    // a second response is about another overleg (the reason people answered twice)
    answers: (r: Rng, second: boolean) =>
      stappenmeterAnswers(questionnaire, r, p, { shift: spec.shift, overleg: second ? ((p.overleg % 5) + 1) : undefined }),
  }));
}

/** The mail rounds of the plan as jobs already sent (an invitation to a bounced address failed). */
async function insertSentRounds(db: Db, waveId: string, participantIds: number[], plan: ReturnType<typeof planWave>, bounced: Set<number>): Promise<void> {
  const rows = plan.rounds.flatMap((round) =>
    round.recipients.map((i, k) => {
      const sentAt = new Date(round.at.getTime() + k * 2000).toISOString();
      const failed = round.kind === 'invitation' && bounced.has(i);
      return {
        wave_id: waveId,
        participant_id: participantIds[i]!,
        kind: round.kind,
        round: round.round,
        due_at: round.at.toISOString(),
        status: failed ? ('failed' as const) : ('sent' as const),
        attempts: 1,
        next_attempt_at: null,
        last_error: failed ? '550 5.1.1 mailbox unavailable (demo)' : null,
        message_id: `<demo-${waveId}-${round.round}-${i}@example.org>`,
        sent_at: failed ? null : sentAt,
        sending_at: sentAt,
        created_at: round.at.toISOString(),
      };
    }),
  );
  await insertMailJobs(db, rows);
}

/** One demo wave: the wave, its list with invitations, dispositions, mail rounds and responses. */
async function loadWave(db: Db, secrets: Secrets, spec: WaveSpec, questionnaire: Questionnaire, rng: Rng, houseId: number): Promise<DemoWaveSummary> {
  const plan = planWave(spec, rng.fork(`plan:${spec.key}`));
  const templates = defaultTemplates(spec.anonymous);
  const createdAt = new Date(plan.opensAt.getTime() - 14 * 24 * 3600_000);
  const wave: Wave = await createWave(
    db,
    questionnaire,
    {
      title: spec.title,
      house_id: houseId,
      opens_at: plan.opensAt.toISOString(),
      closes_at: plan.closesAt.toISOString(),
      anonymous: spec.anonymous ? 1 : 0,
      allow_edit: 0,
      reminder_days: JSON.stringify(spec.reminders),
      sender_name: spec.house,
      sender_email: 'onderzoek@example.org',
      invitation_subject: defaultInvitationSubject,
      invitation_template: templates.invitation,
      reminder_subject: defaultReminderSubject,
      reminder_template: templates.reminder,
      retention_days: null,
      open_link_hash: null,
      purged_at: null,
      launched_at: createdAt.toISOString(),
    },
    createdAt,
  );
  const people = peopleFor(spec, questionnaire, rng.fork(`people:${spec.key}`));
  const participantIds = await insertParticipants(
    db,
    secrets,
    wave.id,
    people.map((p) => ({ email: p.email, name: p.name, attributes: p.attributes })),
    createdAt,
  );
  const invitationOf = await invitationIdsByParticipant(db, wave.id);

  const bounced = new Set<number>();
  for (const [i, person] of plan.persons.entries()) {
    const id = participantIds[i]!;
    if (person.state === 'ineligible') await setEligibility(db, wave.id, id, false, 'Geen overleg bijgewoond in de afgelopen 3 maanden');
    if (person.state === 'optedOut') await setOptedOut(db, id, person.optedOutAt!);
    if (person.state === 'bounced') {
      bounced.add(i);
      await setBounced(db, wave.id, id, '550 5.1.1 mailbox unavailable (demo)', plan.opensAt);
    }
  }
  await insertSentRounds(db, wave.id, participantIds, plan, bounced);

  const answerRng = rng.fork(`answers:${spec.key}`);
  const submissions: Array<{ at: Date; i: number; second: boolean }> = [];
  for (const [i, person] of plan.persons.entries()) {
    person.responses.forEach((at, k) => submissions.push({ at, i, second: k > 0 }));
    if (person.startedAt) {
      // stopped after the first page: what response rates count as partial
      const answers = people[i]!.answers(answerRng, false);
      const firstPage = Object.fromEntries(Object.entries(answers).filter(([code]) => /^Q[1-3]$|^Q63$|^Q2_other$|^Q3_other$/.test(code)));
      await storePage(db, { create: { waveId: wave.id, invitationId: invitationOf.get(participantIds[i]!)! } }, firstPage, 1, draftTime(wave, person.startedAt));
    }
  }
  submissions.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const s of submissions) {
    const participantId = participantIds[s.i]!;
    const invitationId = invitationOf.get(participantId)!;
    const answers = people[s.i]!.answers(answerRng, s.second);
    const draftId = await storePage(db, { create: { waveId: wave.id, invitationId } }, answers, questionnaire.pages.length - 1, draftTime(wave, new Date(s.at.getTime() - 8 * 60_000)));
    const outcome = await submitResponse(db, {
      wave,
      questionnaire,
      draft: { id: draftId, invitation_id: invitationId, response_id: null },
      participantId,
      answers,
      contact: {},
      complete: isComplete(questionnaire, answers),
      now: s.at,
    });
    if (outcome.status !== 'submitted') throw new Error(`demo response of wave ${spec.key} was not stored`);
  }
  return {
    id: wave.id,
    key: spec.key,
    house: spec.house,
    title: spec.title,
    questionnaire: questionnaire.id,
    participants: participantIds.length,
    responses: submissions.length,
  };
}

/** The demo's national round, through the service a landelijk onderzoeker uses (the coordinators have their accounts already). */
async function loadNationalRound(db: Db, questionnaire: Questionnaire, now: Date): Promise<void> {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await createNationalRound(
    { db, now, actor: { system: 'cli' } },
    {
      questionnaire,
      opens: day(7),
      closes: day(49),
      reminders: '7, 14',
      senderEmail: 'onderzoek@example.org',
      houses: HOUSES_WITH_TEAMS.map((house) => ({ house, coordinatorEmail: `demo-coordinator-${houseSlug(house)}@example.org` })),
    },
  );
}

/**
 * Load the demo into a migrated database; `{ status: 'exists' }` (and nothing changed) when it is
 * already there. Throws when only part of it is (an account with the demo address but no demo waves).
 */
export async function loadDemo(
  db: Db,
  secrets: Secrets,
  questionnaires: ReadonlyMap<string, Questionnaire>,
  options: { password: string; now?: Date; seed?: string },
): Promise<DemoResult> {
  const user = await findUserByEmail(db, DEMO_EMAIL);
  const house = await findHouseByName(db, DEMO_HOUSE);
  if (user && house) return { status: 'exists', accounts: demoAccounts() };
  if (user || house) {
    throw new Error(`The database already holds ${user ? `an account ${DEMO_EMAIL}` : `waves of ${DEMO_HOUSE}`} but not the whole demo; use an empty database.`);
  }
  const missing = DEMO_WAVES.map((w) => w.questionnaire).filter((id) => !questionnaires.has(id));
  if (missing.length) throw new Error(`The demo needs the questionnaires ${[...new Set(missing)].join(', ')}`);

  const now = options.now ?? new Date();
  const houseIds = new Map<string, number>();
  for (const name of [...new Set(DEMO_WAVES.map((w) => w.house))].sort()) {
    houseIds.set(name, (await insertHouse(db, { name, region: null, municipalities: [] }, now)).id);
  }
  const rng = createRng(options.seed ?? SEED);
  const waves: DemoWaveSummary[] = [];
  for (const spec of DEMO_WAVES) waves.push(await loadWave(db, secrets, spec, questionnaires.get(spec.questionnaire)!, rng, houseIds.get(spec.house)!));

  const passwordHash = await hashPassword(options.password);
  const accounts = demoAccounts();
  for (const account of accounts) {
    const created = await createUser(db, { email: account.email, name: account.name, passwordHash }, now);
    for (const spelled of account.grants) {
      const [kind, house] = spelled.split(/:(.*)/s) as [Grant['kind'], string | undefined];
      const grant: Grant = kind === 'coordinator' || kind === 'evaluator' ? { kind, houseId: houseIds.get(house!)! } : { kind };
      await insertGrant(db, created.id, grant, now);
    }
  }
  await loadNationalRound(db, questionnaires.get(DEMO_WAVES[0]!.questionnaire)!, now);
  return { status: 'loaded', waves, accounts };
}

