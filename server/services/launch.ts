/**
 * Sending a wave's invitations: the checklist a concept wave shows, and the launch. Nothing is sent
 * before the launch: a concept's links do not work and no mail pass touches it. The launch only
 * marks the wave; the mail passes send its invitations from its opening moment on.
 */
import { transaction, type Db } from '../db/connection.js';
import type { Wave } from '../db/database.js';
import { participantStates } from '../db/repositories/participants.js';
import { markLaunched } from '../db/repositories/waves.js';
import { launchChecklist, launchPlan, openPoints, type ChecklistItem, type LaunchFacts, type LaunchPlan } from '../domain/fieldwork/launchChecklist.js';
import { renderTemplate, SAMPLE_FIELDS } from '../domain/fieldwork/templateCheck.js';
import { alreadyLaunched, launchRefused } from '../errors.js';
import { audit } from './audit.js';
import { actorLabel, within, type Context } from './context.js';
import { assertManagesWave, assertWaveAllows, questionnaireOf, reminderDaysOf } from './waves.js';

/** What the checklist of a wave is drawn up from, now. */
export async function launchFacts(db: Db, wave: Wave, now: Date): Promise<LaunchFacts> {
  const states = await participantStates(db, wave.id);
  const questionnaire = questionnaireOf(wave);
  return {
    now,
    questionnaire: questionnaire ? { id: questionnaire.id, version: questionnaire.version, title: questionnaire.title } : null,
    participants: {
      total: states.length,
      ineligible: states.filter((s) => s.eligible === 0).length,
      optedOut: states.filter((s) => s.eligible === 1 && s.opted_out_at !== null).length,
      bounced: states.filter((s) => s.eligible === 1 && s.opted_out_at === null && s.bounced_at !== null).length,
    },
    hasOpenLink: wave.open_link_hash !== null,
    opensAt: new Date(wave.opens_at),
    closesAt: new Date(wave.closes_at),
    reminderDays: reminderDaysOf(wave),
    anonymous: wave.anonymous === 1,
    minCellSize: wave.min_cell_size,
    invitationSubject: renderTemplate(wave.invitation_subject, { ...SAMPLE_FIELDS, house: wave.house, senderName: wave.sender_name }),
    sender: { name: wave.sender_name, email: wave.sender_email },
  };
}

export interface Checklist {
  items: ChecklistItem[];
  plan: LaunchPlan;
  /** The points that block the launch (empty: ready). */
  open: string[];
}

/** The wave's checklist and what a launch now would do. */
export async function checklistOf(db: Db, wave: Wave, now: Date): Promise<Checklist> {
  const facts = await launchFacts(db, wave, now);
  const items = launchChecklist(facts);
  return { items, plan: launchPlan(facts), open: openPoints(items) };
}

/**
 * Launch a concept wave: refused with the checklist's open points when it is not ready, and when it
 * was launched already. From now on its questionnaire is fixed and the mail passes send its
 * invitations from the opening moment. Audit-logged with the number of invitations.
 */
export async function launchWave(ctx: Context, wave: Wave): Promise<LaunchPlan> {
  assertManagesWave(ctx, wave);
  assertWaveAllows(wave, ctx.now, 'launch');
  return transaction(ctx.db, async (trx) => {
    const { open, plan } = await checklistOf(trx, wave, ctx.now);
    if (open.length > 0) throw launchRefused(open);
    if (!(await markLaunched(trx, wave.id, ctx.now, actorLabel(ctx.actor)))) throw alreadyLaunched();
    await audit(within(ctx, trx), { action: 'wave_launched', waveId: wave.id, details: { invitations: plan.invitations, firstAt: plan.firstAt.toISOString() } });
    return plan;
  });
}
