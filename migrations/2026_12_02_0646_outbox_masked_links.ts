import type { Kysely } from 'kysely';

// as server/mail/links.ts masks them today; a migration keeps its own copy (it must not change later)
const PERSONAL_LINK = /(\/(?:r|o|optout)\/)([A-Za-z0-9_-][A-Za-z0-9_.-]{15,})/g;
const mask = (text: string) => text.replace(PERSONAL_LINK, (_, path: string, token: string) => `${path}${token.slice(0, 4)}…`);

/**
 * The local outbox kept every message whole, personal survey and opt-out links included, for every
 * researcher to open (and answer as the invitee). Messages are stored with those links masked now;
 * this masks the copies stored before. The links themselves cannot be restored from the copies
 * (they are derived from the server secret), so going down changes nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const rows = (await db.selectFrom('outbox').select(['id', 'text_body', 'html_body', 'headers']).execute()) as Array<{ id: number; text_body: string; html_body: string; headers: string }>;
  for (const row of rows) {
    const masked = { text_body: mask(row.text_body), html_body: mask(row.html_body), headers: mask(row.headers) };
    if (masked.text_body !== row.text_body || masked.html_body !== row.html_body || masked.headers !== row.headers) {
      await db.updateTable('outbox').set(masked).where('id', '=', row.id).execute();
    }
  }
}

export async function down(): Promise<void> {}
