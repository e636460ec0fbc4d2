/**
 * Looking at a questionnaire as a respondent without storing anything: the answers of a preview live
 * in this process's memory only (keyed by the admin session, or by a cookie of a review or test
 * link), never in drafts, responses, contacts or invitations. Also the review links (a read-only
 * preview for someone without an account, until it expires or is withdrawn) and the link of a test
 * mail (signed, stored nowhere).
 */
import { transaction, type Db } from '../db/connection.js';
import type { ReviewLink, Wave } from '../db/database.js';
import { findReviewLink, insertReviewLink, reviewLinksOf, withdrawReviewLink } from '../db/repositories/questionnaireVersions.js';
import type { Values } from '../domain/questionnaire/variables.js';
import { gone, reviewLinkNotFound, unknownSurveyLink } from '../errors.js';
import { hashToken, isTokenShaped, randomToken, verifyPreviewLinkToken } from '../security/tokens.js';
import type { Secrets } from '../security/secrets.js';
import { seesEveryReviewLink } from './access.js';
import { audit } from './audit.js';
import { actorLabel, within, type Context } from './context.js';
import { getVersion, type StoredVersion } from './questionnaires.js';
import { findWave, questionnaireOf } from './waves.js';

/** Where the respondent pages keep answers: the database for real links, memory for a preview. */
export interface AnswerStorage {
  /** Keep the answers so far and the page the respondent is on; returns the draft's id. */
  save(values: Values, page: number): Promise<string>;
  /** The final "Versturen". */
  submit(draftId: string): Promise<void>;
}

export interface PreviewState {
  values: Values;
  /** The page the respondent is on (index), once past the intro. */
  page: number | undefined;
  submitted: boolean;
  touchedAt: number;
}

/**
 * Preview states in memory, bounded: at most `maxEntries` (the least recently used go first) and
 * none older than `idleMs`. A restart forgets them, which a test mode may.
 */
export class PreviewStore {
  private readonly states = new Map<string, PreviewState>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly idleMs = 4 * 3600_000,
  ) {}

  get(key: string, now: number): PreviewState | undefined {
    const state = this.states.get(key);
    if (!state) return undefined;
    if (now - state.touchedAt > this.idleMs) {
      this.states.delete(key);
      return undefined;
    }
    return state;
  }

  set(key: string, state: Omit<PreviewState, 'touchedAt'>, now: number): void {
    this.states.delete(key);
    this.states.set(key, { ...state, touchedAt: now });
    while (this.states.size > this.maxEntries) this.states.delete(this.states.keys().next().value!);
  }

  delete(key: string): void {
    this.states.delete(key);
  }

  get size(): number {
    return this.states.size;
  }
}

/** The storage of one preview: the answers stay in `store` under `key`. */
export function previewStorage(store: PreviewStore, key: string, now: () => number): AnswerStorage {
  return {
    async save(values, page) {
      store.set(key, { values, page, submitted: false }, now());
      return key;
    },
    async submit() {
      const state = store.get(key, now());
      store.set(key, { values: state?.values ?? {}, page: undefined, submitted: true }, now());
    },
  };
}

export type ReviewLinkStatus = 'actief' | 'verlopen' | 'ingetrokken';

export interface ReviewLinkView extends ReviewLink {
  status: ReviewLinkStatus;
}

function statusOf(link: ReviewLink, now: Date): ReviewLinkStatus {
  if (link.withdrawn_at) return 'ingetrokken';
  return new Date(link.expires_at) <= now ? 'verlopen' : 'actief';
}

/** The review links of a version that `ctx.actor` may see (seesEveryReviewLink: all, or its own), with their status, the newest first. */
export async function reviewLinks(ctx: Context, version: Pick<StoredVersion, 'id' | 'version'>): Promise<ReviewLinkView[]> {
  const links = await reviewLinksOf(ctx.db, version.id, version.version);
  return links.filter((l) => visible(ctx, l)).map((l) => ({ ...l, status: statusOf(l, ctx.now) }));
}

function visible(ctx: Context, link: Pick<ReviewLink, 'created_by'>): boolean {
  return seesEveryReviewLink(ctx.actor) || link.created_by === actorLabel(ctx.actor);
}

/** Default lifetime of a review link, in days. */
export const REVIEW_LINK_DAYS = 14;

/** A new review link for `label`, valid for `days` days; returns its token, which only this answer shows (only its hash is stored). Audit-logged. */
export async function createReviewLink(ctx: Context, version: Pick<StoredVersion, 'id' | 'version'>, label: string, days: number): Promise<string> {
  const token = randomToken();
  await transaction(ctx.db, async (trx) => {
    const id = await insertReviewLink(trx, {
      token_hash: hashToken(token),
      questionnaire_id: version.id,
      version: version.version,
      label,
      created_by: actorLabel(ctx.actor),
      created_at: ctx.now.toISOString(),
      expires_at: new Date(ctx.now.getTime() + days * 86_400_000).toISOString(),
    });
    await audit(within(ctx, trx), { action: 'review_link_created', details: { questionnaire: version.id, version: version.version, reviewLink: id, label, days } });
  });
  return token;
}

/** Withdraw a review link of this version (it stops working at once): a coördinator only their own (another's answers 404). Audit-logged. */
export async function withdrawReview(ctx: Context, version: Pick<StoredVersion, 'id' | 'version'>, linkId: number): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    const own = seesEveryReviewLink(ctx.actor) ? undefined : actorLabel(ctx.actor);
    if (!(await withdrawReviewLink(trx, linkId, version.id, version.version, ctx.now, own))) throw reviewLinkNotFound();
    await audit(within(ctx, trx), { action: 'review_link_withdrawn', details: { questionnaire: version.id, version: version.version, reviewLink: linkId } });
  });
}

/** What a review link opens, or the Dutch refusal (unknown 404, withdrawn or expired 410). */
export async function openReviewLink(db: Db, token: string, now: Date): Promise<{ link: ReviewLink; version: StoredVersion }> {
  const link = isTokenShaped(token) ? await findReviewLink(db, hashToken(token)) : undefined;
  if (!link) throw unknownSurveyLink();
  const status = statusOf(link, now);
  if (status === 'ingetrokken') throw gone('Deze bekijklink is ingetrokken. Vraag de onderzoeker om een nieuwe link als u de vragenlijst nog wilt bekijken.');
  if (status === 'verlopen') throw gone('Deze bekijklink is verlopen. Vraag de onderzoeker om een nieuwe link als u de vragenlijst nog wilt bekijken.');
  return { link, version: await getVersion(db, link.questionnaire_id, link.version) };
}

/** What the link of a test mail opens: the wave (as it is now) and its questionnaire, or the Dutch refusal. */
export async function openTestLink(db: Db, secrets: Secrets, token: string, now: Date): Promise<{ wave: Wave; questionnaire: NonNullable<ReturnType<typeof questionnaireOf>> }> {
  const waveId = verifyPreviewLinkToken(secrets, token, now);
  const wave = waveId ? await findWave(db, waveId) : undefined;
  const questionnaire = wave ? questionnaireOf(wave) : null;
  if (!wave || !questionnaire) throw unknownSurveyLink();
  return { wave, questionnaire };
}
