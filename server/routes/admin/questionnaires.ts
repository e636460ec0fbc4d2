/**
 * Vragenlijsten: every questionnaire with its versions, adding a version (upload, paste, or the
 * editor, which checks live through /admin/questionnaires/controle), a version's page (the waves that
 * use it, download, preview, print, compare, review links). For whoever manages waves (scope
 * manageWaves); the waves listed are those of the user's houses.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { waveStateLabel } from '../../domain/fieldwork/waveState.js';
import { answerOnlyIf, conditionInWords, numberedReference } from '../../domain/questionnaire/conditionWords.js';
import { questionnaireJsonSchema } from '../../domain/questionnaire/jsonSchema.js';
import type { Fault } from '../../domain/questionnaire/load.js';
import { indexOf } from '../../domain/questionnaire/normalize.js';
import { isQuestion } from '../../domain/questionnaire/schema.js';
import type { Variable } from '../../domain/questionnaire/variables.js';
import { formatDutchDate, formatDutchDateTime, formatNumber } from '../../domain/format/nl.js';
import { fieldsOf } from '../respondent/render.js';
import { badRequest } from '../../errors.js';
import { canAddQuestionnaireVersions, housesFor } from '../../services/access.js';
import { createReviewLink, REVIEW_LINK_DAYS, reviewLinks, withdrawReview } from '../../services/preview.js';
import {
  addVersion,
  checkQuestionnaireText,
  compareVersions,
  getVersion,
  listQuestionnaires,
  versionOptions,
  wavesUsing,
  type StoredVersion,
} from '../../services/questionnaires.js';
import { userContext } from '../context.js';
import { registerPreview } from '../preview.js';
import { formFields, pageData } from './forms.js';

const MAX_UPLOAD = 4 * 1024 * 1024;
const BODY_LIMIT = MAX_UPLOAD + 1024 * 1024;

type VersionRequest = FastifyRequest<{ Params: { qid: string; version: string } }>;

/** The URL of a version's page. */
export function versionUrl(v: { id: string; version: string }): string {
  return `/admin/questionnaires/${encodeURIComponent(v.id)}/${encodeURIComponent(v.version)}`;
}

/** Where a version came from, in Dutch. */
export function sourceLabel(v: { source: StoredVersion['source']; sourceName: string | null }): string {
  const name = v.sourceName ? ` ${v.sourceName}` : '';
  switch (v.source) {
    case 'bestand':
      return `bestand${name}`;
    case 'cli':
      return `opdrachtregel${name ? ` (${v.sourceName})` : ''}`;
    case 'ronde':
      return `uit ronde${name} (van vóór het opslaan van versies)`;
    default:
      return `browser${name ? ` (${v.sourceName})` : ''}`;
  }
}

/** A fault with the text of the line it is about, for the list under the editor. */
function faultView(f: Fault, lines: string[]) {
  const line = f.line !== undefined ? lines[f.line - 1] : undefined;
  return { ...f, lineText: line === undefined ? null : line.length > 200 ? `${line.slice(0, 199)}…` : line };
}

const schemaText = JSON.stringify(questionnaireJsonSchema());

/**
 * The codes of a question's variables as the printed questionnaire lists them: variables with the
 * same value labels together ("Q6_1, Q6_2: 1 = helemaal niet, 2 = enigszins, …"), missing codes marked.
 */
export function codeGroups(variables: Variable[]): Array<{ codes: string[]; values: string }> {
  const groups: Array<{ codes: string[]; values: string }> = [];
  for (const v of variables) {
    const values =
      v.kind === 'text'
        ? 'tekst'
        : v.valueLabels.length === 0
          ? 'getal'
          : v.valueLabels.map((l) => `${formatNumber(l.value)} = ${l.label}${v.missingValues.includes(l.value) ? ' (ontbrekend)' : ''}`).join('; ');
    const same = groups.find((g) => g.values === values);
    if (same) same.codes.push(v.code);
    else groups.push({ codes: [v.code], values });
  }
  return groups;
}

/** The name of the file a request uploaded (multipart keeps only the bytes in the body). */
const uploadNames = new WeakMap<FastifyRequest, string>();

// the store is shared by every house: whoever manages waves of some house reads it, previews,
// prints, compares and makes review links; only a landelijk onderzoeker adds versions
const scope = { config: { access: 'manageWaves' as const } };
const addScope = { config: { access: 'addQuestionnaireVersions' as const } };

const questionnaireRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10, fieldSize: MAX_UPLOAD },
    async onFile(this: FastifyRequest, part) {
      uploadNames.set(this, part.filename);
      try {
        (part as unknown as { value: Buffer }).value = await part.toBuffer();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
      }
    },
  });

  const version = (request: FastifyRequest) => {
    const { qid, version: v } = (request as VersionRequest).params;
    return getVersion(app.db, qid, v);
  };

  app.get('/questionnaires', scope, async (request, reply) => {
    const questionnaires = (await listQuestionnaires(app.db, app.now(), housesFor(request.user!, 'manageWaves'))).map((q) => ({
      ...q,
      versions: q.versions.map((v) => ({ ...v, added: formatDutchDateTime(v.addedAt), url: versionUrl(v), from: sourceLabel(v) })),
    }));
    const notice = (request.query as { toegevoegd?: string }).toegevoegd;
    return reply.viewAsync('pages/admin/questionnaires/index', pageData(request, 'Vragenlijsten', 'questionnaires', { questionnaires, notice: notice ?? null, mayAdd: canAddQuestionnaireVersions(request.user!) }));
  });

  app.get('/questionnaires/schema.json', scope, async (_request, reply) => {
    return reply.type('application/schema+json; charset=utf-8').send(schemaText);
  });

  async function renderEditor(request: FastifyRequest, reply: FastifyReply, text: string, extra: Record<string, unknown> = {}) {
    return reply.viewAsync(
      'pages/admin/questionnaires/editor',
      pageData(request, 'Vragenlijstversie toevoegen', 'questionnaires', { text, faults: null, checked: false, conflict: null, scripts: ['editor.js'], ...extra }),
    );
  }

  app.get('/questionnaires/nieuw', addScope, async (request, reply) => {
    const basis = (request.query as { basis?: string }).basis ?? '';
    const at = basis.indexOf('@');
    const from = at > 0 ? await getVersion(app.db, basis.slice(0, at), basis.slice(at + 1)) : null;
    return renderEditor(request, reply, from ? from.text : '', { basis: from ? { id: from.id, version: from.version } : null });
  });

  app.post('/questionnaires/nieuw', { bodyLimit: BODY_LIMIT, ...addScope }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = Buffer.isBuffer(body.bestand) && body.bestand.length > 0 ? body.bestand : null;
    const fileName = file ? (uploadNames.get(request)?.slice(0, 200) || null) : null;
    const text = file ? file.toString('utf8') : typeof body.text === 'string' ? body.text : '';
    const action = body._action === 'save' ? 'save' : 'check';
    if (text.trim() === '') {
      reply.status(422);
      return renderEditor(request, reply, '', { message: 'Kies een bestand of plak of typ de JSON van de vragenlijst in het tekstvak.' });
    }
    const lines = text.split(/\r\n?|\n/);
    if (action === 'check') {
      const result = checkQuestionnaireText(text, fileName ?? 'vragenlijst.json');
      if (!result.ok) reply.status(422);
      return renderEditor(request, reply, text, {
        checked: true,
        faults: result.ok ? [] : result.faults.map((f) => faultView(f, lines)),
        found: result.ok ? { id: result.questionnaire.id, version: result.questionnaire.version, title: result.questionnaire.title } : null,
      });
    }
    const outcome = await addVersion(userContext(request), text, { source: 'browser', sourceName: fileName, replace: body.replace === 'on' });
    if (!outcome.ok) {
      reply.status(422);
      return renderEditor(request, reply, text, { checked: true, faults: outcome.faults.map((f) => faultView(f, lines)), conflict: outcome.conflict ?? null });
    }
    return reply.redirect(`${versionUrl(outcome)}?${outcome.status}`, 303);
  });

  // the editor's live check: the same faults, with their place in the text
  app.post('/questionnaires/controle', { bodyLimit: BODY_LIMIT, ...addScope }, async (request) => {
    const body = request.body as { text?: unknown } | undefined;
    if (!body || typeof body.text !== 'string') throw badRequest('Stuur de tekst van de vragenlijst als {"text": "…"}.');
    const result = checkQuestionnaireText(body.text);
    return result.ok
      ? { ok: true, faults: [], questionnaire: { id: result.questionnaire.id, version: result.questionnaire.version, title: result.questionnaire.title } }
      : { ok: false, faults: result.faults.map(({ file: _file, ...f }) => f) };
  });

  async function renderVersion(request: FastifyRequest, reply: FastifyReply, v: StoredVersion, extra: Record<string, unknown> = {}) {
    const now = app.now();
    const [waves, links, options] = await Promise.all([wavesUsing(app.db, v.id, v.version, housesFor(request.user!, 'manageWaves')), reviewLinks(userContext(request), v), versionOptions(app.db)]);
    const query = request.query as Record<string, string | undefined>;
    const notice =
      query.added !== undefined
        ? 'De versie is gecontroleerd en opgeslagen.'
        : query.replaced !== undefined
          ? 'De opgeslagen versie is vervangen (geen ronde gebruikte haar).'
          : query.unchanged !== undefined
            ? 'Deze versie stond al met precies deze inhoud opgeslagen.'
            : null;
    return reply.viewAsync(
      'pages/admin/questionnaires/version',
      pageData(request, `${v.title} – versie ${v.version}`, 'questionnaires', {
        v,
        url: versionUrl(v),
        added: formatDutchDateTime(v.addedAt),
        from: sourceLabel(v),
        summary: { pages: v.questionnaire.pages.length, questions: indexOf(v.questionnaire).questions.length, variables: v.questionnaire.variables.length, aspects: v.questionnaire.aspects.length },
        waves: waves.map((w) => ({ ...w, state: waveStateLabel(w, now) })),
        links: links.map((l) => ({ ...l, expires: formatDutchDate(l.expires_at), created: formatDutchDate(l.created_at) })),
        others: options.filter((o) => o.id === v.id && o.version !== v.version),
        notice,
        defaultDays: REVIEW_LINK_DAYS,
        mayAdd: canAddQuestionnaireVersions(request.user!),
        ...extra,
      }),
    );
  }

  app.get('/questionnaires/:qid/:version', scope, async (request, reply) => renderVersion(request, reply, await version(request)));

  app.get('/questionnaires/:qid/:version/json', scope, async (request, reply) => {
    const v = await version(request);
    const name = `${v.id}-${v.version}`.replace(/[^A-Za-z0-9._-]+/g, '_');
    return reply
      .type('application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}.json"`)
      .send(v.text);
  });

  app.get('/questionnaires/:qid/:version/afdrukken', scope, async (request, reply) => {
    const v = await version(request);
    const q = v.questionnaire;
    const ref = numberedReference(q);
    const index = indexOf(q);
    const pages = q.pages.map((page, i) => ({
      number: i + 1,
      title: page.title ?? null,
      condition: page.showIf ? `Deze pagina alleen als ${conditionInWords(q, page.showIf, ref)}.` : null,
      blocks: page.blocks.map((block) =>
        isQuestion(block)
          ? {
              kind: 'question' as const,
              reference: ref(block.code),
              question: block,
              condition: block.showIf ? answerOnlyIf(q, block.code, block.showIf, ref) : null,
              codes: codeGroups(q.variables.filter((x) => x.question === block.code)),
            }
          : { kind: 'text' as const, text: block.text, condition: block.showIf ? `Alleen als ${conditionInWords(q, block.showIf, ref)}.` : null },
      ),
    }));
    return reply.viewAsync('pages/admin/questionnaires/print', {
      title: `${q.title} – versie ${q.version} (blanco)`,
      q,
      back: versionUrl(v),
      f: fieldsOf({}),
      pages,
      questions: index.questions.length,
      printed: formatDutchDate(app.now()),
    });
  });

  app.get('/questionnaires/:qid/:version/verschil', scope, async (request, reply) => {
    const v = await version(request);
    const other = (request.query as { met?: string }).met ?? '';
    if (other === '') return reply.redirect(versionUrl(v), 303);
    const [otherId, otherVersion] = other.includes('@') ? [other.slice(0, other.indexOf('@')), other.slice(other.indexOf('@') + 1)] : [v.id, other];
    const earlier = await getVersion(app.db, otherId, otherVersion);
    const comparison = await compareVersions(app.db, earlier, v);
    return reply.viewAsync(
      'pages/admin/questionnaires/diff',
      pageData(request, `Wat is er veranderd: ${earlier.version} → ${v.version}`, 'questionnaires', { v, earlier, comparison, url: versionUrl(v), earlierUrl: versionUrl(earlier) }),
    );
  });

  app.post('/questionnaires/:qid/:version/bekijklinks', scope, async (request, reply) => {
    const v = await version(request);
    const form = formFields(request.body);
    const label = (form.label ?? '').trim();
    const days = (form.days ?? '').trim() === '' ? REVIEW_LINK_DAYS : Number(form.days);
    const errors: Record<string, string> = {};
    if (label === '' || label.length > 200) errors.label = 'Vul in voor wie de link is (hoogstens 200 tekens), bijvoorbeeld: stuurgroep Noord.';
    if (!Number.isInteger(days) || days < 1 || days > 365) errors.days = 'Geef een aantal dagen van 1 tot 365.';
    if (Object.keys(errors).length > 0) {
      reply.status(422);
      return renderVersion(request, reply, v, { linkErrors: errors, linkValues: form });
    }
    const token = await createReviewLink(userContext(request), v, label, days);
    return renderVersion(request, reply, v, { newLink: `${app.config.baseUrl}/bekijken/${token}`, newLinkLabel: label });
  });

  app.post('/questionnaires/:qid/:version/bekijklinks/:linkId/intrekken', scope, async (request, reply) => {
    const v = await version(request);
    const { linkId } = request.params as { linkId: string };
    if (!/^\d{1,12}$/.test(linkId)) throw badRequest('Onbekende bekijklink.');
    await withdrawReview(userContext(request), v, Number(linkId));
    return reply.redirect(`${versionUrl(v)}#bekijklinks`, 303);
  });

  registerPreview(app, '/questionnaires/:qid/:version/bekijken', async (request) => {
    const v = await version(request);
    const now = app.now();
    return {
      questionnaire: v.questionnaire,
      wave: { id: 'voorbeeld', title: v.title, house: 'Veiligheidshuis Voorbeeldregio', opens_at: now.toISOString(), closes_at: new Date(now.getTime() + 42 * 86_400_000).toISOString(), anonymous: 1 },
      // a version has no wave yet: the researcher looking at it stands in for the sender
      about: { sender_name: request.user!.name, sender_organisation: '', sender_email: request.user!.email, retention_days: null, min_cell_size: 5 },
      base: `${versionUrl(v)}/bekijken`,
      key: `admin:${request.user!.id}:${v.id}@${v.version}`,
      csrf: request.csrfToken(),
      what: `${v.title}, versie ${v.version}`,
      exit: { url: versionUrl(v), label: 'Terug naar de versie' },
    };
  }, scope);

};

export default questionnaireRoutes;
