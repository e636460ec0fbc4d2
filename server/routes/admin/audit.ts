/** The audit log for the national team: filter by user, house, kind and period; newest first, paged. */
import type { FastifyPluginAsync } from 'fastify';
import { formatDutchDateTime } from '../../domain/format/nl.js';
import { parseWaveMoment } from '../../domain/fieldwork/waveDates.js';
import { allAccounts } from '../../services/accounts.js';
import { AUDIT_ACTIONS, AUDIT_KINDS, auditEntries, type AuditKind } from '../../services/audit.js';
import { allHouses } from '../../services/houses.js';
import { pageData } from './forms.js';

const PAGE_SIZE = 100;

/** Dutch names of the detail keys and changed settings the log holds; an unknown key is shown as stored. */
const LABELS: Record<string, string> = {
  address: 'adres',
  reason: 'reden',
  secondFactor: 'tweede stap',
  userId: 'account',
  email: 'e-mailadres',
  grant: 'recht',
  sessions: 'sessies',
  sessionsEnded: 'sessies beëindigd',
  left: 'herstelcodes over',
  format: 'formaat',
  rows: 'regels',
  questionnaire: 'vragenlijst',
  version: 'versie',
  participantId: 'deelnemer',
  invitationRequeued: 'uitnodiging opnieuw in de wachtrij',
  imported: 'geïmporteerd',
  rejected: 'afgewezen',
  jobId: 'mailtaak',
  forced: 'geforceerd',
  participants: 'deelnemers',
  drafts: 'concepten',
  contacts: 'contactgegevens',
  outbox: 'outbox',
  from: 'van',
  into: 'naar',
  waves: 'rondes',
  grants: 'rechten',
  name: 'naam',
  region: 'regio',
  municipalities: 'gemeenten',
  title: 'titel',
  house_id: 'huis',
  opens_at: 'opent',
  closes_at: 'sluit',
  anonymous: 'anoniem',
  allow_edit: 'wijzigen toegestaan',
  reminder_days: 'herinneringsdagen',
  sender_name: 'naam afzender',
  sender_email: 'e-mailadres afzender',
  invitation_subject: 'onderwerp uitnodiging',
  invitation_template: 'tekst uitnodiging',
  reminder_subject: 'onderwerp herinnering',
  reminder_template: 'tekst herinnering',
  min_cell_size: 'minimale groepsgrootte',
  retention_days: 'bewaartermijn (dagen)',
  item: 'vraag',
  answer: 'antwoord',
  answers: 'antwoorden',
  charactersRemoved: 'tekens weggelaten',
  category: 'categorie',
  label: 'naam categorie',
};

const REASONS: Record<string, string> = { password: 'wachtwoord of e-mailadres onjuist', code: 'code onjuist', locked: 'te veel mislukte pogingen' };

/** One detail value as the page prints it: a grant as the command line spells it, a house by its name, short JSON for other objects. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (value && typeof value === 'object' && 'kind' in value) {
    const grant = value as { kind: string; houseId?: number };
    return grant.houseId === undefined ? grant.kind : `${grant.kind}:${grant.houseId}`;
  }
  if (value && typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** An entry's details in words: changes as "veld: voor → na", the rest as "sleutel: waarde". */
export function detailLines(details: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const { changes, waveId: _wave, ...rest } = details as { changes?: Record<string, { before: unknown; after: unknown }>; waveId?: unknown };
  const label = (key: string) => LABELS[key] ?? key;
  for (const [field, change] of Object.entries(changes ?? {})) lines.push(`${label(field)}: ${show(change.before)} → ${show(change.after)}`);
  for (const [key, value] of Object.entries(rest)) lines.push(`${label(key)}: ${key === 'reason' && typeof value === 'string' ? (REASONS[value] ?? value) : show(value)}`);
  return lines;
}

const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get('/audit', { config: { access: 'readAudit' } }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const userId = /^\d{1,12}$/.test(q.gebruiker ?? '') ? Number(q.gebruiker) : undefined;
    const houseId = /^\d{1,12}$/.test(q.huis ?? '') ? Number(q.huis) : undefined;
    const kind = q.soort && Object.hasOwn(AUDIT_KINDS, q.soort) ? (q.soort as AuditKind) : undefined;
    const since = q.van ? parseWaveMoment(q.van, 'start') ?? undefined : undefined;
    const until = q.tot ? parseWaveMoment(q.tot, 'end') ?? undefined : undefined;
    const page = Math.min(10_000, Math.max(1, Number.parseInt(q.pagina ?? '1', 10) || 1));
    const { total, rows } = await auditEntries(app.db, { userId, houseId, kind, since, until }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const [accounts, houses] = await Promise.all([allAccounts(app.db), allHouses(app.db)]);
    const filter = new URLSearchParams(Object.entries({ gebruiker: q.gebruiker, huis: q.huis, soort: q.soort, van: q.van, tot: q.tot }).filter((e): e is [string, string] => Boolean(e[1])));
    return reply.viewAsync(
      'pages/admin/audit',
      pageData(request, 'Auditlog', 'audit', {
        rows: rows.map((r) => ({
          ...r,
          when: formatDutchDateTime(r.at),
          label: AUDIT_ACTIONS[r.action as keyof typeof AUDIT_ACTIONS] ?? r.action,
          lines: detailLines(r.details),
        })),
        total,
        page,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        filterQuery: filter.toString(),
        values: { gebruiker: q.gebruiker ?? '', huis: q.huis ?? '', soort: q.soort ?? '', van: q.van ?? '', tot: q.tot ?? '' },
        users: [{ value: '', label: 'iedereen' }, ...accounts.map((a) => ({ value: String(a.id), label: `${a.name} (${a.email})` }))],
        houses: [{ value: '', label: 'alle huizen' }, ...houses.map((h) => ({ value: String(h.id), label: h.name }))],
        kinds: [{ value: '', label: 'alles' }, ...Object.entries(AUDIT_KINDS).map(([value, k]) => ({ value, label: k.label }))],
      }),
    );
  });
};

export default auditRoutes;
