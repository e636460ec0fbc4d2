/**
 * "Nieuwe ronde op basis van …": a concept wave that takes over an earlier wave's texts, reminder
 * days, retention, minimum cell size, sender and anonymity, with its questionnaire in the latest
 * version whose aspects all stay comparable with the earlier wave's, and (if the researcher wants)
 * the earlier participant list without the people who opted out, bounced or were not eligible. Those
 * are listed with the reason; bounced and ineligible people can be taken along one by one, people who
 * opted out never.
 */
import { transaction, type Db } from '../db/connection.js';
import type { Wave } from '../db/database.js';
import { insertParticipants, participantsForCopy, type ParticipantRecord } from '../db/repositories/participants.js';
import type { WaveSettings } from '../domain/fieldwork/waveForm.js';
import { allAspectsComparable, compareQuestionnaires } from '../domain/questionnaire/compare.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import type { Secrets } from '../security/secrets.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';
import { findVersion, versionOptions } from './questionnaires.js';
import { assertManagesWave, createWave, questionnaireOf } from './waves.js';

export interface CopyCandidate {
  id: number;
  email: string;
  name: string | null;
  attributes: Record<string, string>;
  /** Why the person is not taken along by default (null: taken along). */
  reason: string | null;
  /** Whether the researcher may still take the person along. */
  selectable: boolean;
}

export interface VersionChoice {
  id: string;
  version: string;
  title: string;
  /** Every aspect of the earlier wave stays comparable. */
  comparable: boolean;
  /** The aspects that would no longer be comparable. */
  broken: string[];
  /** The earlier wave's own version. */
  same: boolean;
}

export interface CopyPlan {
  /** Versions of the earlier wave's questionnaire, the latest added first. */
  versions: VersionChoice[];
  /** The latest comparable version (the earlier wave's own when no later one is comparable). */
  suggested: { id: string; version: string } | null;
  /** Taken along unless the researcher says otherwise. */
  taken: CopyCandidate[];
  /** Left out, with the reason. */
  left: CopyCandidate[];
  /** The earlier wave's personal data are purged: there is no list to take over. */
  purged: boolean;
  /** Suggested dates: the earlier wave's, a whole number of years later, in the future. */
  opens: Date;
  closes: Date;
}

function candidate(p: ParticipantRecord): CopyCandidate {
  const base = { id: p.id, email: p.email, name: p.name, attributes: p.attributes };
  if (p.opted_out_at) return { ...base, reason: 'heeft zich afgemeld; wordt niet opnieuw uitgenodigd', selectable: false };
  if (p.eligible === 0) return { ...base, reason: `niet in aanmerking${p.ineligible_reason ? `: ${p.ineligible_reason}` : ''}`, selectable: true };
  if (p.bounced_at) return { ...base, reason: `onbereikbaar (bounce)${p.bounce_reason ? `: ${p.bounce_reason}` : ''}`, selectable: true };
  return { ...base, reason: null, selectable: true };
}

/** The earlier wave's dates moved a whole number of years, to the first year in which it opens after `now`. */
export function nextYearDates(wave: Pick<Wave, 'opens_at' | 'closes_at'>, now: Date): { opens: Date; closes: Date } {
  const shift = (iso: string, years: number) => {
    const d = new Date(iso);
    d.setUTCFullYear(d.getUTCFullYear() + years);
    return d;
  };
  let years = 1;
  while (shift(wave.opens_at, years) <= now) years += 1;
  return { opens: shift(wave.opens_at, years), closes: shift(wave.closes_at, years) };
}

/** What a new round based on `wave` would take over. */
export async function copyPlan(db: Db, wave: Wave, now: Date): Promise<CopyPlan> {
  const earlier = questionnaireOf(wave);
  const versions: VersionChoice[] = [];
  for (const option of (await versionOptions(db)).filter((v) => v.id === wave.questionnaire_id)) {
    const stored = await findVersion(db, option.id, option.version);
    if (!stored) continue;
    const comparison = earlier ? compareQuestionnaires(earlier, stored.questionnaire) : null;
    versions.push({
      id: option.id,
      version: option.version,
      title: option.title,
      comparable: comparison ? allAspectsComparable(comparison) : false,
      broken: comparison ? comparison.aspects.filter((a) => !a.comparable && a.status !== 'added').map((a) => a.label) : [],
      same: option.version === wave.questionnaire_version,
    });
  }
  const best = versions.find((v) => v.comparable) ?? versions.find((v) => v.same) ?? versions[0];
  const purged = wave.purged_at !== null;
  const people = purged ? [] : (await participantsForCopy(db, wave.id)).map(candidate);
  return {
    versions,
    suggested: best ? { id: best.id, version: best.version } : null,
    taken: people.filter((p) => p.reason === null),
    left: people.filter((p) => p.reason !== null),
    purged,
    ...nextYearDates(wave, now),
  };
}

/**
 * Create the new round as a concept, with the participants `participantIds` of the earlier wave (each
 * with a new invitation; people who opted out are never taken along). Audit-logged.
 */
export async function copyWave(ctx: Context, secrets: Secrets, source: Wave, questionnaire: Questionnaire, settings: WaveSettings, participantIds: ReadonlySet<number>): Promise<Wave> {
  assertManagesWave(ctx, source);
  return transaction(ctx.db, async (trx) => {
    const people = source.purged_at ? [] : (await participantsForCopy(trx, source.id)).filter((p) => participantIds.has(p.id) && !p.opted_out_at);
    const wave = await createWave(within(ctx, trx), questionnaire, settings);
    await insertParticipants(trx, secrets, wave.id, people.map((p) => ({ email: p.email, name: p.name, attributes: p.attributes })), ctx.now);
    await audit(within(ctx, trx), {
      action: 'wave_copied',
      waveId: wave.id,
      details: { from: source.id, questionnaire: questionnaire.id, version: questionnaire.version, participants: people.length },
    });
    return wave;
  });
}
