/**
 * The questionnaire store: every version the platform knows, kept in the database as the JSON it
 * was given (from a file in QUESTIONNAIRES_DIR at start-up, the browser or `questionnaire import`).
 * A version is checked with exactly the faults of `questionnaire check` before it is stored, so a
 * faulty version is never stored; once a wave uses it, it never changes. New versions need no restart.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { transaction, type Db } from '../db/connection.js';
import type { QuestionnaireVersionRow } from '../db/database.js';
import type { HouseFilter } from '../db/repositories/waves.js';
import {
  findVersionRow,
  insertVersion,
  listVersionRows,
  replaceUnusedVersion,
  unstoredWaveVersions,
  waveUses,
  type VersionListRow,
  type WaveUse,
} from '../db/repositories/questionnaireVersions.js';
import { waveStateLabel } from '../domain/fieldwork/waveState.js';
import { canonicalQuestionnaireJson } from '../domain/questionnaire/canonical.js';
import { compareQuestionnaires, type QuestionnaireComparison } from '../domain/questionnaire/compare.js';
import { formatFault, parseQuestionnaire, type Fault } from '../domain/questionnaire/load.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { questionnaireVersionNotFound, QuestionnaireFolderError, versionsNationalOnly } from '../errors.js';
import { canAddQuestionnaireVersions } from './access.js';
import { audit } from './audit.js';
import { actorLabel, within, type Context } from './context.js';
import { readQuestionnaireFolder } from './questionnaireFiles.js';

/** Larger texts are refused before they are parsed (the Stappenmeter is 17 kB). */
export const MAX_QUESTIONNAIRE_CHARS = 2_000_000;

export type VersionSource = QuestionnaireVersionRow['source'];

/** A stored version, its JSON text and the questionnaire it normalizes to. */
export interface StoredVersion {
  id: string;
  version: string;
  title: string;
  source: VersionSource;
  sourceName: string | null;
  addedAt: string;
  addedBy: string;
  /** The JSON as given. */
  text: string;
  questionnaire: Questionnaire;
}

export interface WaveUseView {
  id: string;
  title: string;
  house: string;
  state: string;
  /** A test wave (shown with the Testronde mark). */
  is_test: 0 | 1;
}

export type VersionListing = Omit<StoredVersion, 'text' | 'questionnaire'> & { waves: WaveUseView[] };

export interface QuestionnaireListing {
  id: string;
  /** The title of its latest version. */
  title: string;
  /** The latest added first. */
  versions: VersionListing[];
}

// parsing a stored text again on every use costs a few milliseconds; the content hash is in the key,
// so a version replaced while unused is parsed afresh
const parsed = new Map<string, Questionnaire>();
const PARSED_KEPT = 64;

function contentHash(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

function toStored(row: QuestionnaireVersionRow): StoredVersion {
  const key = `${row.questionnaire_id}\u0000${row.version}\u0000${row.content_hash}`;
  let questionnaire = parsed.get(key);
  if (!questionnaire) {
    const result = parseQuestionnaire(row.source_json, `${row.questionnaire_id}@${row.version}`);
    // a stored text passed this check when it was stored; failing now means the format's own code changed
    if (!result.ok) throw new Error(`stored questionnaire ${row.questionnaire_id}@${row.version} no longer passes the check:\n${result.faults.map(formatFault).join('\n')}`);
    questionnaire = result.questionnaire;
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, questionnaire);
  }
  return {
    id: row.questionnaire_id,
    version: row.version,
    title: row.title,
    source: row.source,
    sourceName: row.source_name,
    addedAt: row.added_at,
    addedBy: row.added_by,
    text: row.source_json,
    questionnaire,
  };
}

/** A stored version, if there is one. */
export async function findVersion(db: Db, id: string, version: string): Promise<StoredVersion | undefined> {
  const row = await findVersionRow(db, id, version);
  return row ? toStored(row) : undefined;
}

/** A stored version, or 404. */
export async function getVersion(db: Db, id: string, version: string): Promise<StoredVersion> {
  const found = await findVersion(db, id, version);
  if (!found) throw questionnaireVersionNotFound();
  return found;
}

/** The most recently added version of a questionnaire, if it has one. */
export async function latestVersion(db: Db, id: string): Promise<StoredVersion | undefined> {
  const row = (await listVersionRows(db)).find((r) => r.questionnaire_id === id);
  return row ? findVersion(db, id, row.version) : undefined;
}

/** Every version (without its text) as options for a form: the latest added of each questionnaire first. */
export async function versionOptions(db: Db): Promise<Array<{ id: string; version: string; title: string }>> {
  return (await listVersionRows(db)).map((r) => ({ id: r.questionnaire_id, version: r.version, title: r.title }));
}

/** Every questionnaire with its versions and the waves that use each. */
export async function listQuestionnaires(db: Db, now: Date, houses: HouseFilter = 'all'): Promise<QuestionnaireListing[]> {
  const [rows, uses] = await Promise.all([listVersionRows(db), waveUses(db, undefined, houses)]);
  const usesOf = (r: VersionListRow) =>
    uses
      .filter((w) => w.questionnaire_id === r.questionnaire_id && w.questionnaire_version === r.version)
      .map((w) => ({ id: w.id, title: w.title, house: w.house, state: waveStateLabel(w, now), is_test: w.is_test }));
  const out: QuestionnaireListing[] = [];
  for (const r of rows) {
    const listing: VersionListing = {
      id: r.questionnaire_id,
      version: r.version,
      title: r.title,
      source: r.source,
      sourceName: r.source_name,
      addedAt: r.added_at,
      addedBy: r.added_by,
      waves: usesOf(r),
    };
    const group = out.find((q) => q.id === r.questionnaire_id);
    if (group) group.versions.push(listing);
    else out.push({ id: r.questionnaire_id, title: r.title, versions: [listing] });
  }
  return out;
}

/** The waves that use a version (of the houses of the filter: every house when it decides whether the version may change). */
export async function wavesUsing(db: Db, id: string, version: string, houses: HouseFilter = 'all'): Promise<WaveUse[]> {
  return (await waveUses(db, id, houses)).filter((w) => w.questionnaire_version === version);
}

/** Check questionnaire text with the faults of `questionnaire check` (each with its JSON path, line and column); nothing is stored. */
export function checkQuestionnaireText(text: string, name = 'vragenlijst.json') {
  if (text.length > MAX_QUESTIONNAIRE_CHARS) {
    return { ok: false as const, faults: [{ file: name, path: '', message: `de tekst is langer dan ${MAX_QUESTIONNAIRE_CHARS.toLocaleString('nl-NL')} tekens` }] as Fault[] };
  }
  return parseQuestionnaire(text, name);
}

export type AddOutcome =
  | { ok: true; status: 'added' | 'replaced' | 'unchanged'; id: string; version: string; title: string }
  | {
      ok: false;
      faults: Fault[];
      /** Set when the text is fine but its id@version is stored with other content. */
      conflict?: { id: string; version: string; inUse: boolean };
    };

export interface AddOptions {
  source: VersionSource;
  /** The file name, when there is one. */
  sourceName?: string | null;
  /** Replace a stored version with other content, when no wave uses it. */
  replace?: boolean;
}

/**
 * Check and store a version. Faults: nothing stored. The same id@version with the same content:
 * nothing to do. With other content: refused (give it its own version number), unless `replace` is
 * asked and no wave uses the stored one. Audit-logged. A signed-in user must be a landelijk
 * onderzoeker (versions are shared by every house).
 */
export async function addVersion(ctx: Context, text: string, options: AddOptions): Promise<AddOutcome> {
  if ('user' in ctx.actor && !canAddQuestionnaireVersions(ctx.actor.user)) throw versionsNationalOnly();
  const name = options.sourceName ?? 'vragenlijst.json';
  const result = checkQuestionnaireText(text, name);
  if (!result.ok) return { ok: false, faults: result.faults };
  const { questionnaire } = result;
  const row: QuestionnaireVersionRow = {
    questionnaire_id: questionnaire.id,
    version: questionnaire.version,
    title: questionnaire.title,
    source_json: text,
    content_hash: contentHash(canonicalQuestionnaireJson(JSON.parse(text.replace(/^\uFEFF/, '')))),
    source: options.source,
    source_name: options.sourceName ?? null,
    added_at: ctx.now.toISOString(),
    added_by: actorLabel(ctx.actor),
  };
  const summary = { id: row.questionnaire_id, version: row.version, title: row.title };
  return transaction(ctx.db, async (trx) => {
    const stored = await findVersionRow(trx, row.questionnaire_id, row.version);
    if (stored && stored.content_hash === row.content_hash) return { ok: true as const, status: 'unchanged' as const, ...summary };
    // the files of the folder are the deployment's own configuration, loaded at every start: the
    // version row says where they came from; what people add is audit-logged
    const logged = (action: 'questionnaire_version_added' | 'questionnaire_version_replaced') =>
      row.source === 'bestand' || row.source === 'ronde' ? undefined : audit(within(ctx, trx), { action, details: { questionnaire: row.questionnaire_id, version: row.version, source: row.source } });
    if (!stored) {
      await insertVersion(trx, row);
      await logged('questionnaire_version_added');
      return { ok: true as const, status: 'added' as const, ...summary };
    }
    const inUse = (await wavesUsing(trx, row.questionnaire_id, row.version)).length > 0;
    if (options.replace && !inUse && (await replaceUnusedVersion(trx, row))) {
      await logged('questionnaire_version_replaced');
      return { ok: true as const, status: 'replaced' as const, ...summary };
    }
    const message = inUse
      ? `versie ${JSON.stringify(row.version)} van ${JSON.stringify(row.questionnaire_id)} is al opgeslagen met een andere inhoud en een ronde gebruikt haar: geef deze versie een eigen nummer`
      : `versie ${JSON.stringify(row.version)} van ${JSON.stringify(row.questionnaire_id)} is al opgeslagen met een andere inhoud: geef deze versie een eigen nummer, of vervang de opgeslagen versie (geen ronde gebruikt haar)`;
    return { ok: false as const, faults: [{ file: name, path: 'version', message }], conflict: { id: row.questionnaire_id, version: row.version, inUse } };
  });
}

/**
 * Load every file of the questionnaires folder as a version (at start-up, and before commands that
 * use the store). A new id@version is added; one stored with the same content is left alone; one
 * stored with other content is replaced when no wave uses it, and is a start-up error naming the file
 * when a wave does. Any file fault, too, is a start-up error. One transaction.
 */
export async function syncQuestionnaireFolder(ctx: Context, dir: string): Promise<{ added: string[]; replaced: string[]; unchanged: string[] }> {
  const { files: texts, faults } = readQuestionnaireFolder(dir);
  if (faults.length > 0) throw new QuestionnaireFolderError(`Invalid questionnaire file(s):\n${faults.map(formatFault).join('\n')}`);

  return transaction(ctx.db, async (trx) => {
    const outcome = { added: [] as string[], replaced: [] as string[], unchanged: [] as string[] };
    const conflicts: string[] = [];
    for (const { file, text } of texts) {
      const added = await addVersion(within(ctx, trx), text, { source: 'bestand', sourceName: basename(file), replace: true });
      if (added.ok) outcome[added.status === 'added' ? 'added' : added.status === 'replaced' ? 'replaced' : 'unchanged'].push(`${added.id}@${added.version}`);
      else if (added.conflict) {
        const waves = (await wavesUsing(trx, added.conflict.id, added.conflict.version)).map((w) => w.id);
        conflicts.push(
          `${file}: version "${added.conflict.version}" of "${added.conflict.id}" is stored with other content, and wave(s) ${waves.join(', ')} use the stored one; give the changed file a new "version"`,
        );
      }
    }
    if (conflicts.length > 0) throw new QuestionnaireFolderError(`Questionnaire file(s) in conflict with the stored versions:\n${conflicts.join('\n')}`);
    return outcome;
  });
}

/**
 * Store the questionnaire of waves whose id@version the store lacks (waves made before versions were
 * stored) as versions of their own, from the wave's snapshot: a normalized questionnaire without its
 * variable list is a valid questionnaire file. So every wave's version can be listed, previewed and
 * compared. A snapshot that does not pass today's check is left out (the wave keeps running on it).
 */
export async function adoptWaveSnapshots(ctx: Context): Promise<string[]> {
  const adopted: string[] = [];
  for (const wave of await unstoredWaveVersions(ctx.db)) {
    const { variables: _variables, ...file } = JSON.parse(wave.questionnaire_json) as Record<string, unknown>;
    const outcome = await addVersion(ctx, JSON.stringify(file, null, 2), { source: 'ronde', sourceName: wave.id });
    if (outcome.ok) adopted.push(`${outcome.id}@${outcome.version}`);
  }
  return adopted;
}

/** What changed from version `a` to version `b`, and per aspect whether results stay comparable. */
export async function compareVersions(db: Db, a: { id: string; version: string }, b: { id: string; version: string }): Promise<QuestionnaireComparison> {
  const [earlier, later] = await Promise.all([getVersion(db, a.id, a.version), getVersion(db, b.id, b.version)]);
  return compareQuestionnaires(earlier.questionnaire, later.questionnaire);
}
