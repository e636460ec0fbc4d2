/** The outbox copies stored before links were masked lose their working tokens; everything else stays. */
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.js';
import { databaseAt } from '../helpers/migrations.js';


describe('2026_12_02_0646_outbox_masked_links', () => {
  it('masks the survey and opt-out links in the text, the HTML and the headers of stored messages', async () => {
    const db = await databaseAt('2026_12_02_0645_mail_claim_lease');
    const token = 'Zk3_aB9xQ2lMn0pRsTuVwXyZ1234567890abcdefghi';
    const optout = `17.${'s'.repeat(43)}`;
    const message = {
      job_id: null,
      to_address: 'jan@politie.nl',
      from_address: 'Onderzoek <onderzoek@example.nl>',
      subject: 'Uitnodiging',
      text_body: `Beste Jan,\n\nhttps://enquete.example/r/${token}\n\nAfmelden: https://enquete.example/optout/${optout}`,
      html_body: `<a href="https://enquete.example/r/${token}">https://enquete.example/r/${token}</a>`,
      headers: JSON.stringify({ 'Message-ID': '<job-1.W1@enquete.example>', 'List-Unsubscribe': `<https://enquete.example/optout/${optout}>` }),
      created_at: '2026-11-20T09:00:00.000Z',
    };
    await db.insertInto('outbox').values(message).execute();
    await db.insertInto('outbox').values({ ...message, text_body: 'geen link', html_body: '<p>geen link</p>', headers: '{}' }).execute();

    await migrateToLatest(db);

    const [masked, plain] = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(JSON.stringify(masked)).not.toContain(token);
    expect(JSON.stringify(masked)).not.toContain(optout);
    expect(masked!.text_body).toBe(`Beste Jan,\n\nhttps://enquete.example/r/Zk3_…\n\nAfmelden: https://enquete.example/optout/17.s…`);
    expect(masked!.html_body).toBe('<a href="https://enquete.example/r/Zk3_…">https://enquete.example/r/Zk3_…</a>');
    expect(JSON.parse(masked!.headers)).toEqual({ 'Message-ID': '<job-1.W1@enquete.example>', 'List-Unsubscribe': '<https://enquete.example/optout/17.s…>' });
    expect(masked).toMatchObject({ to_address: message.to_address, subject: message.subject, created_at: message.created_at });
    expect(plain).toMatchObject({ text_body: 'geen link', html_body: '<p>geen link</p>', headers: '{}' });
  });
});
