/**
 * National rounds (issue 14): one questionnaire version, one period, texts and reminder days → a
 * concept wave for each chosen house, created in one transaction with the round, the coordinators'
 * accounts and grants, and the audit entries; all or nothing. Nothing is sent until a house's
 * coordinator launches that house's wave (launch.ts), as for any concept wave.
 */
import { transaction, type Db } from '../db/connection.js';
import type { Grant, NationalRound, Wave } from '../db/database.js';
import { findHouseByName, listHouses } from '../db/repositories/houses.js';
import { findUserByEmail } from '../db/repositories/users.js';
import { insertRound, listRounds as listRoundRows, findRound } from '../db/repositories/rounds.js';
import { createWave as insertWave, listWaves } from '../db/repositories/waves.js';
import { waveTextsFor } from '../domain/fieldwork/defaultTexts.js';
import type { RoundHouseRow } from '../domain/fieldwork/roundHousesCsv.js';
import { parseWaveForm, type WaveFormFields, type WaveSettings } from '../domain/fieldwork/waveForm.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { formatDutchDate } from '../domain/format/nl.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { roundInvalid, roundNotFound, roundsNationalOnly } from '../errors.js';
import { randomToken } from '../security/tokens.js';
import { can } from './access.js';
import { hashPassword } from '../security/passwords.js';
import { addGrant, createHashedAccount } from './accounts.js';
import { audit } from './audit.js';
import { roundBenchmark, type RoundBenchmark } from './compare.js';
import { findVersion } from './questionnaires.js';
import { resultsRates } from './results.js';
import { actorLabel, within, type Context } from './context.js';

/** What a round is made of; a text not given is the questionnaire's own (or the platform's) default; one given is checked as the wave form checks it. */
export interface NationalRoundInput {
  questionnaire: Questionnaire;
  /** Dates as the wave form takes them (jjjj-mm-dd). */
  opens: string;
  closes: string;
  /** "7, 14" as the wave form takes it. */
  reminders: string;
  anonymous?: boolean;
  senderEmail: string;
  senderOrganisation?: string;
  minCellSize?: string;
  texts?: Pick<WaveFormFields, 'invitationSubject' | 'invitationTemplate' | 'reminderSubject' | 'reminderTemplate'>;
  houses: ReadonlyArray<Pick<RoundHouseRow, 'house' | 'coordinatorEmail'>>;
}

/** A coordinator account the round created; its password is shown this once, to be passed on safely. */
export interface InvitedCoordinator {
  email: string;
  password: string;
}

export interface CreatedRound {
  round: NationalRound;
  waves: Wave[];
  invited: InvitedCoordinator[];
  /** Existing accounts that became coordinator of their house. */
  granted: string[];
}

/** Only a landelijk onderzoeker (or the command line) makes national rounds. */
function assertMayManageRounds(ctx: Context): void {
  if ('user' in ctx.actor && !can(ctx.actor.user, 'manageRounds')) throw roundsNationalOnly();
}

/**
 * Create a national round: every house by its exact name (unknown names are listed in one Dutch
 * fault and nothing is created), each wave's settings checked by the wave form's rules, then in one
 * transaction the round, a concept wave per house, and for each coordinator e-mail an account
 * (invited the way `users create` does: a generated password) or the coordinator grant on an account
 * that lacks it. Audit-logged (the round, each wave, each account and grant).
 */
export async function createNationalRound(ctx: Context, input: NationalRoundInput): Promise<CreatedRound> {
  assertMayManageRounds(ctx);
  const { questionnaire } = input;
  if (input.houses.length === 0) throw roundInvalid(['Kies ten minste één Veiligheidshuis.']);
  const houses = await Promise.all(input.houses.map(async (row) => ({ row, house: await findHouseByName(ctx.db, row.house) })));
  const unknown = houses.filter((h) => !h.house).map((h) => h.row.house);
  if (unknown.length > 0) throw roundInvalid([`Onbekende huizen: ${unknown.join(', ')}. Gebruik de naam zoals onder Huizen, of maak het huis eerst aan.`]);
  const ids = houses.map((h) => h.house!.id);
  if (new Set(ids).size !== ids.length) throw roundInvalid(['Een huis staat meer dan eens in de lijst.']);

  const texts = { ...waveTextsFor(questionnaire, input.anonymous ?? false) };
  const plans: Array<{ settings: WaveSettings; coordinator: string | null; houseName: string }> = [];
  for (const { row, house } of houses) {
    const result = parseWaveForm(
      {
        title: `${questionnaire.title} – ${house!.name}`,
        house: String(house!.id),
        opens: input.opens,
        closes: input.closes,
        anonymous: input.anonymous ? 'on' : '',
        reminders: input.reminders,
        senderName: house!.name,
        senderOrganisation: input.senderOrganisation ?? '',
        senderEmail: input.senderEmail,
        invitationSubject: input.texts?.invitationSubject ?? texts.invitation_subject,
        invitationTemplate: input.texts?.invitationTemplate ?? texts.invitation_template,
        reminderSubject: input.texts?.reminderSubject ?? texts.reminder_subject,
        reminderTemplate: input.texts?.reminderTemplate ?? texts.reminder_template,
        minCellSize: input.minCellSize ?? '5',
        retentionDays: '',
      },
      { now: ctx.now, isNew: true, questionnaire },
    );
    // the settings are the same for every house but the name: the first house's faults are the round's
    if (!result.ok) throw roundInvalid([...new Set(Object.values(result.errors))], result.errors);
    plans.push({ settings: result.value, coordinator: row.coordinatorEmail, houseName: house!.name });
  }

  // new accounts' passwords are hashed before the transaction: scrypt for 33 accounts would hold the write lock for seconds
  const emails = [...new Set(plans.flatMap((p) => (p.coordinator ? [p.coordinator] : [])))];
  const newEmails = (await Promise.all(emails.map(async (e) => ((await findUserByEmail(ctx.db, e)) ? null : e)))).filter((e): e is string => e !== null);
  const passwords = new Map(
    await Promise.all(
      newEmails.map(async (email) => {
        const password = randomToken(15);
        return [email, { password, hash: await hashPassword(password) }] as const;
      }),
    ),
  );

  return transaction(ctx.db, async (trx) => {
    const inner = within(ctx, trx);
    const first = plans[0]!.settings;
    const round = await insertRound(trx, {
      title: `${questionnaire.title} (${formatDutchDate(first.opens_at)} – ${formatDutchDate(first.closes_at)})`,
      questionnaire_id: questionnaire.id,
      questionnaire_version: questionnaire.version,
      opens_at: first.opens_at,
      closes_at: first.closes_at,
      reminder_days: first.reminder_days,
      created_at: ctx.now.toISOString(),
      created_by: actorLabel(ctx.actor),
    });
    await audit(inner, {
      action: 'round_created',
      details: { roundId: round.id, questionnaire: questionnaire.id, version: questionnaire.version, opens_at: round.opens_at, closes_at: round.closes_at, houses: plans.map((p) => p.houseName) },
    });
    const waves: Wave[] = [];
    const invited: InvitedCoordinator[] = [];
    const granted: string[] = [];
    for (const plan of plans) {
      const wave = await insertWave(trx, questionnaire, { ...plan.settings, open_link_hash: null, purged_at: null, launched_at: null, round_id: round.id }, ctx.now);
      await audit(inner, { action: 'wave_created', waveId: wave.id, details: { roundId: round.id, questionnaire: questionnaire.id, version: questionnaire.version, title: wave.title } });
      waves.push(wave);
      if (!plan.coordinator) continue;
      const grant: Grant = { kind: 'coordinator', houseId: plan.settings.house_id };
      const account = await findUserByEmail(trx, plan.coordinator);
      if (account) {
        if (await addGrant(inner, account, grant)) granted.push(account.email);
        continue;
      }
      const secret = passwords.get(plan.coordinator);
      // an account made between the look-up and now: the round is tried again rather than half made
      if (!secret) throw roundInvalid([`Er is zojuist een account voor ${plan.coordinator} aangemaakt; probeer het opnieuw.`]);
      const created = await createHashedAccount(inner, { email: plan.coordinator, name: plan.coordinator.split('@')[0]!, grants: [grant], passwordHash: secret.hash });
      if ('taken' in created) throw roundInvalid([`Er is zojuist een account voor ${plan.coordinator} aangemaakt; probeer het opnieuw.`]);
      invited.push({ email: created.user.email, password: secret.password });
    }
    return { round, waves, invited, granted };
  });
}

export interface RoundOverview {
  round: NationalRound;
  waves: Wave[];
}

/** Every national round with its waves, the latest first (national only). */
export async function listNationalRounds(ctx: Context): Promise<RoundOverview[]> {
  assertMayManageRounds(ctx);
  const [rounds, waves] = await Promise.all([listRoundRows(ctx.db), listWaves(ctx.db)]);
  return rounds.map((round) => ({ round, waves: waves.filter((w) => w.round_id === round.id).sort((a, b) => a.house.localeCompare(b.house, 'nl')) }));
}

/** One round with its waves, or 404. */
export async function getNationalRound(ctx: Context, id: number): Promise<RoundOverview> {
  assertMayManageRounds(ctx);
  const round = Number.isSafeInteger(id) ? await findRound(ctx.db, id) : undefined;
  if (!round) throw roundNotFound();
  const waves = (await listWaves(ctx.db)).filter((w) => w.round_id === round.id).sort((a, b) => a.house.localeCompare(b.house, 'nl'));
  return { round, waves };
}

/** The houses a round can be made for, by name (for the form). */
export async function roundHouseChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  return (await listHouses(db)).map((h) => ({ id: h.id, name: h.name }));
}

/** One house's line in a round's overview. */
export interface RoundHouseLine {
  wave: Wave;
  state: ReturnType<typeof waveState>;
  invited: number;
  rr1: number | null;
  responses: number;
}

/** The round's overview: per house the wave's state, invited, RR1 and responses (the rates page's figures), and the round's own benchmark. */
export async function roundOverview(ctx: Context, id: number): Promise<{ round: NationalRound; lines: RoundHouseLine[]; benchmark: RoundBenchmark | null }> {
  const { round, waves } = await getNationalRound(ctx, id);
  const lines: RoundHouseLine[] = [];
  // one wave at a time: a round has at most MAX_ROUND_HOUSES waves; a closed wave's rates come from the results cache
  for (const wave of waves) {
    const rates = await resultsRates(ctx.db, wave, ctx.now);
    lines.push({ wave, state: waveState(wave, ctx.now), invited: rates.invited, rr1: rates.rr1, responses: rates.responses });
  }
  const questionnaire = (await findVersion(ctx.db, round.questionnaire_id, round.questionnaire_version))?.questionnaire;
  const benchmark = questionnaire ? await roundBenchmark(ctx.db, ctx.actor, questionnaire, waves, ctx.now) : null;
  return { round, lines, benchmark };
}
