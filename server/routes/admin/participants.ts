import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../db/database.js';
import { attributeName, isValidEmail, MAX_ATTRIBUTE_NAME, MAX_ATTRIBUTES, MAX_FIELD, normalizeParticipantEmail } from '../../domain/fieldwork/participantsCsv.js';
import { formatDutchDate } from '../../domain/format/nl.js';
import { waveAllows, waveState, waveStateLabel } from '../../domain/fieldwork/waveState.js';
import { participantNotFound } from '../../errors.js';
import {
  addParticipant,
  changeParticipant,
  emailInUse,
  getParticipant,
  importParticipants,
  participantPage,
  removeParticipant,
  setParticipantBounced,
  setParticipantEligibility,
  type ParticipantView,
} from '../../services/participants.js';
import { listWavesWithParticipants } from '../../services/waves.js';
import { userContext } from '../context.js';
import { formFields, pageData } from './forms.js';
import { registerCsvUpload, uploadedFile } from './upload.js';
import { waveParam } from './waves/shared.js';

const PAGE_SIZE = 200;
const MAX_UPLOAD = 20 * 1024 * 1024;

/** "sleutel: waarde" lines → attributes; a Dutch message naming the bad line otherwise. */
export function parseAttributeLines(text: string): { attributes: Record<string, string> } | { error: string } {
  const attributes: Record<string, string> = {};
  const lines = text.split(/\r\n?|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const match = /^([^:=]+)[:=](.*)$/.exec(line);
    if (!match || match[1]!.trim() === '') return { error: `Regel ${i + 1}: schrijf een kenmerk als "naam: waarde", bijvoorbeeld "organisatie: Politie".` };
    const key = attributeName(match[1]!);
    if (key === 'email' || key === 'naam') return { error: `Regel ${i + 1}: "${key}" is geen kenmerk; gebruik het veld hierboven.` };
    const value = match[2]!.trim();
    if (key.length > MAX_ATTRIBUTE_NAME || value.length > MAX_FIELD) return { error: `Regel ${i + 1}: te lang.` };
    attributes[key] = value;
    if (Object.keys(attributes).length > MAX_ATTRIBUTES) return { error: `Regel ${i + 1}: hoogstens ${MAX_ATTRIBUTES} kenmerken.` };
  }
  return { attributes };
}

function attributeLines(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** Participants of a wave: list, add, edit, remove, (in)eligibility and CSV import. Researchers only. */
const participantRoutes: FastifyPluginAsync = async (app) => {
  await registerCsvUpload(app, { maxBytes: MAX_UPLOAD, fields: 10 });

  app.get('/participants', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const waves = await listWavesWithParticipants(app.db, request.user);
    const now = app.now();
    const rows = waves.map((w) => ({ ...w, state: waveStateLabel(w, now), closes: formatDutchDate(w.closes_at) }));
    return reply.viewAsync('pages/admin/participants-waves', pageData(request, 'Deelnemers per ronde', 'participants', { waves: rows }));
  });

  app.get('/waves/:id/participants', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const query = request.query as { q?: string; pagina?: string };
    const search = (query.q ?? '').trim().slice(0, 200);
    const page = Math.max(1, Number.parseInt(query.pagina ?? '1', 10) || 1);
    const { rows: participants, total } = await participantPage(app.db, wave.id, { search: search || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const attributeNames = new Set(participants.flatMap((p) => Object.keys(p.attributes)));
    // a list imported before attributes were bounded may have more: the table shows the first ones
    const columns = [...attributeNames].sort().slice(0, MAX_ATTRIBUTES);
    const notice = (request.query as { geimporteerd?: string }).geimporteerd;
    return reply.viewAsync(
      'pages/admin/participants',
      pageData(request, `Deelnemers: ${wave.title}`, 'participants', {
        wave,
        participants,
        attributeNames: columns,
        total,
        search,
        page,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        notice: notice ? `${Number(notice)} deelnemers geïmporteerd.` : null,
        canAdd: waveAllows(waveState(wave, app.now()), 'addParticipants'),
      }),
    );
  });

  async function renderParticipantForm(
    request: FastifyRequest,
    reply: FastifyReply,
    wave: Wave,
    participant: ParticipantView | null,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    return reply.viewAsync(
      'pages/admin/participant-form',
      pageData(request, participant ? 'Deelnemer bewerken' : 'Deelnemer toevoegen', 'participants', {
        wave,
        participant,
        values,
        errors,
        bouncedOn: participant?.bounced_at ? formatDutchDate(participant.bounced_at) : null,
      }),
    );
  }

  /** Check the add/edit form; `selfId` is the participant being edited (its own address is no duplicate). */
  async function checkParticipantForm(wave: Wave, form: Record<string, string>, selfId: number | null) {
    const errors: Record<string, string> = {};
    const email = normalizeParticipantEmail(form.email ?? '');
    if (!isValidEmail(email)) errors.email = 'Vul een geldig e-mailadres in.';
    else if (await emailInUse(app.db, wave.id, email, selfId)) errors.email = 'Dit e-mailadres staat al in deze ronde.';
    const name = (form.name ?? '').trim();
    if (name.length > 500) errors.name = 'De naam is te lang.';
    const attrs = parseAttributeLines(form.attributes ?? '');
    if ('error' in attrs) errors.attributes = attrs.error;
    return { errors, value: { email, name: name === '' ? null : name, attributes: 'attributes' in attrs ? attrs.attributes : {} } };
  }

  app.get('/waves/:id/participants/new', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    return renderParticipantForm(request, reply, wave, null, {}, {});
  });

  app.post('/waves/:id/participants', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const form = formFields(request.body);
    const { errors, value } = await checkParticipantForm(wave, form, null);
    if (Object.keys(errors).length > 0) {
      reply.status(422);
      return renderParticipantForm(request, reply, wave, null, form, errors);
    }
    await addParticipant(userContext(request), app.secrets, wave.id, value);
    return reply.redirect(`/admin/waves/${wave.id}/participants`, 303);
  });

  async function participantParam(request: FastifyRequest, wave: Wave) {
    const { pid } = request.params as { pid: string };
    if (!/^\d{1,12}$/.test(pid)) throw participantNotFound();
    return getParticipant(app.db, wave.id, Number(pid));
  }

  app.get('/waves/:id/participants/:pid/edit', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const participant = await participantParam(request, wave);
    const values = { email: participant.email, name: participant.name ?? '', attributes: attributeLines(participant.attributes) };
    return renderParticipantForm(request, reply, wave, participant, values, {});
  });

  app.post('/waves/:id/participants/:pid', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const participant = await participantParam(request, wave);
    const form = formFields(request.body);
    const { errors, value } = await checkParticipantForm(wave, form, participant.id);
    if (Object.keys(errors).length > 0) {
      reply.status(422);
      return renderParticipantForm(request, reply, wave, participant, form, errors);
    }
    await changeParticipant(userContext(request), wave.id, participant.id, value);
    return reply.redirect(`/admin/waves/${wave.id}/participants`, 303);
  });

  /**
   * A mark on a participant that needs a reason (niet in aanmerking, onbereikbaar): required, at most
   * 500 characters, a fault re-rendered with 422 next to the field. A participant who already has
   * the mark (a second tab) goes back to the page, which then has no reason field to show an error by.
   * A POST to `unmarkPath` takes the mark away again: one button, back to the participant's page.
   */
  function markWithReason(
    path: string,
    unmarkPath: string,
    field: 'reason' | 'bounceReason',
    mark: { has: (p: ParticipantView) => boolean; missing: string; tooLong: string; save: (request: FastifyRequest, waveId: string, id: number, reason: string | null) => Promise<void> },
  ) {
    const back = (wave: Wave, participant: ParticipantView) => `/admin/waves/${wave.id}/participants/${participant.id}/edit`;
    app.post(`/waves/:id/participants/:pid/${path}`, { config: { access: 'manageWave' } }, async (request, reply) => {
      const wave = await waveParam(request);
      const participant = await participantParam(request, wave);
      if (mark.has(participant)) return reply.redirect(back(wave, participant), 303);
      const reason = (formFields(request.body)[field] ?? '').trim();
      if (reason === '' || reason.length > 500) {
        reply.status(422);
        const values = { email: participant.email, name: participant.name ?? '', attributes: attributeLines(participant.attributes), [field]: reason };
        return renderParticipantForm(request, reply, wave, participant, values, { [field]: reason === '' ? mark.missing : mark.tooLong });
      }
      await mark.save(request, wave.id, participant.id, reason);
      return reply.redirect(back(wave, participant), 303);
    });
    app.post(`/waves/:id/participants/:pid/${unmarkPath}`, { config: { access: 'manageWave' } }, async (request, reply) => {
      const wave = await waveParam(request);
      const participant = await participantParam(request, wave);
      await mark.save(request, wave.id, participant.id, null);
      return reply.redirect(back(wave, participant), 303);
    });
  }

  markWithReason('ineligible', 'eligible', 'reason', {
    has: (p) => p.eligible === 0,
    missing: 'Geef een reden op, bijvoorbeeld: geen overleg bijgewoond in de afgelopen 3 maanden.',
    tooLong: 'De reden is te lang (maximaal 500 tekens).',
    save: (request, waveId, id, reason) => setParticipantEligibility(userContext(request), waveId, id, reason),
  });

  // a bounce that arrives later by e-mail (the server accepted the message, then returned it)
  markWithReason('bounced', 'reachable', 'bounceReason', {
    has: (p) => p.bounced_at !== null,
    missing: 'Geef de melding uit het bouncebericht op, bijvoorbeeld: 550 5.1.1 mailbox unavailable.',
    tooLong: 'De melding is te lang (maximaal 500 tekens).',
    save: (request, waveId, id, reason) => setParticipantBounced(userContext(request), waveId, id, reason),
  });

  app.get('/waves/:id/participants/:pid/remove', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const participant = await participantParam(request, wave);
    return reply.viewAsync('pages/admin/participant-remove', pageData(request, 'Deelnemer verwijderen', 'participants', { wave, participant }));
  });

  app.post('/waves/:id/participants/:pid/remove', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const participant = await participantParam(request, wave);
    await removeParticipant(userContext(request), wave.id, participant.id);
    return reply.redirect(`/admin/waves/${wave.id}/participants`, 303);
  });

  app.get('/waves/:id/participants/import', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const closed = !waveAllows(waveState(wave, app.now()), 'addParticipants');
    return reply.viewAsync('pages/admin/participants-import', pageData(request, 'Deelnemers importeren', 'participants', { wave, result: null, values: {}, closed }));
  });

  app.post('/waves/:id/participants/import', { config: { access: 'manageWave' }, bodyLimit: MAX_UPLOAD + 1024 * 1024 }, async (request, reply) => {
    const wave = await waveParam(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const uploaded = uploadedFile(body, 'file');
    // without keepTooLarge a file over the limit already failed the request (413)
    const file = uploaded === 'tooLarge' ? null : uploaded;
    const pasted = typeof body.csv === 'string' ? body.csv : '';
    const skipInvalid = body.skipInvalid === 'on';
    const render = (status: number, result: Record<string, unknown>) => {
      reply.status(status);
      return reply.viewAsync(
        'pages/admin/participants-import',
        pageData(request, 'Deelnemers importeren', 'participants', { wave, result, values: { csv: file ? '' : pasted, skipInvalid } }),
      );
    };
    if (!file && pasted.trim() === '') return render(422, { fileErrors: ['Kies een CSV-bestand of plak de regels in het tekstvak.'], errors: [], imported: 0 });
    const { parsed, ids } = await importParticipants(userContext(request), app.secrets, wave.id, file ?? pasted, { skipInvalid });
    if (parsed.fileErrors.length > 0) return render(422, { ...parsed, imported: 0 });
    if (parsed.errors.length > 0 && !skipInvalid) return render(422, { ...parsed, imported: 0, nothingImported: true });
    if (ids.length === 0) return render(422, { ...parsed, fileErrors: ['Het bestand bevat geen geldige deelnemers.'], imported: 0 });
    if (parsed.errors.length > 0) return render(200, { ...parsed, imported: parsed.rows.length });
    return reply.redirect(`/admin/waves/${wave.id}/participants?geimporteerd=${parsed.rows.length}`, 303);
  });
};

export default participantRoutes;
