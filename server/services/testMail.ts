/**
 * "Stuur mij een test": the wave's invitation and first reminder, rendered from its own texts, sent
 * through the real mail transport (SMTP, or the local outbox) to the researcher's own address. The
 * link in them opens the preview of the wave's questionnaire (a signed link, stored nowhere) and the
 * opt-out link a page that says it is a test: nothing is stored in the wave and no real invitation
 * exists. The sending is audit-logged.
 */
import { randomBytes } from 'node:crypto';
import type { Wave } from '../db/database.js';
import { writeToOutbox } from '../db/repositories/outbox.js';
import { compileWaveMail, type MailEngines } from '../domain/fieldwork/mailRender.js';
import type { MailTransport, OutgoingMail } from '../mail/transport.js';
import type { Secrets } from '../security/secrets.js';
import { previewLinkToken } from '../security/tokens.js';
import { audit } from './audit.js';
import type { Context } from './context.js';
import { assertManagesWave, assertWaveAllows } from './waves.js';

/** How long the link in a test mail keeps working. */
export const TEST_LINK_DAYS = 14;

export interface TestMailDeps {
  transport: MailTransport;
  engines: MailEngines;
  secrets: Secrets;
  baseUrl: string;
}

export interface TestMailResult {
  to: string;
  /** The subjects as sent, invitation first. */
  subjects: string[];
  /** The link the messages carry (it opens the preview). */
  link: string;
  /** Whether every message was accepted (by the SMTP server, or written to the outbox). */
  delivered: boolean;
  /** The SMTP server's refusal, when there was one. */
  error: string | null;
}

/** The test link of a wave: the preview of its questionnaire, valid for TEST_LINK_DAYS days. */
export function testLink(deps: Pick<TestMailDeps, 'secrets' | 'baseUrl'>, wave: Pick<Wave, 'id'>, now: Date): string {
  return `${deps.baseUrl}/voorbeeld/${previewLinkToken(deps.secrets, wave.id, new Date(now.getTime() + TEST_LINK_DAYS * 86_400_000))}`;
}

/** Send the invitation and the first reminder of `wave` to `to` (the signed-in researcher's address). */
export async function sendTestMail(ctx: Context, deps: TestMailDeps, wave: Wave, to: string): Promise<TestMailResult> {
  assertManagesWave(ctx, wave);
  assertWaveAllows(wave, ctx.now, 'testMail');
  const link = testLink(deps, wave, ctx.now);
  const renderer = compileWaveMail(deps.engines, wave);
  const host = new URL(deps.baseUrl).hostname;
  const messages: OutgoingMail[] = (['invitation', 'reminder'] as const).map((kind) => {
    const rendered = renderer.render(kind, { name: null, link, optOutLink: `${link}/afmelden` });
    return {
      from: { name: wave.sender_name, address: wave.sender_email },
      to,
      ...rendered,
      subject: `[TEST] ${rendered.subject}`,
      messageId: `<test-${randomBytes(9).toString('base64url')}.${wave.id}@${host}>`,
      headers: { 'X-Test-Message': kind === 'invitation' ? 'uitnodiging' : 'herinnering 1' },
      date: ctx.now,
    };
  });
  let error: string | null = null;
  for (const mail of messages) {
    if (deps.transport.kind === 'outbox') {
      await writeToOutbox(ctx.db, { to: mail.to, from: `${mail.from.name} <${mail.from.address}>`, subject: mail.subject, text: mail.text, html: mail.html, headers: { 'Message-ID': mail.messageId, ...mail.headers } }, ctx.now);
      continue;
    }
    const outcome = await deps.transport.send(mail);
    if (!outcome.ok) {
      error = outcome.error.message;
      break;
    }
  }
  await audit(ctx, { action: 'wave_test_mail', waveId: wave.id, details: { to, delivered: error === null } });
  return { to, subjects: messages.map((m) => m.subject), link, delivered: error === null, error };
}
