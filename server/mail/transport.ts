/**
 * Where messages go: a pooled nodemailer SMTP transport (SMTP_URL), or the local outbox table (the
 * embedded default, written by the sender itself in one transaction with the job). The SMTP side
 * reports, besides success or the server's reply, whether the message transaction had begun when
 * it failed: only then can a message whose reply never came have been delivered.
 */
import { connect, type Socket } from 'node:net';
import { constants as osConstants } from 'node:os';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { SmtpErrorInfo } from '../domain/fieldwork/delivery.js';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With angle brackets: `<job-12.abc@survey.example>`. */
  messageId: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers: Record<string, string>;
  date: Date;
}

export type SendResult = { ok: true; response: string } | { ok: false; error: SmtpErrorInfo; transactionStarted: boolean };

export interface SmtpTransport {
  kind: 'smtp';
  /** For logs and pages: host and port, never credentials. */
  description: string;
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): Promise<void>;
}

export interface OutboxTransport {
  kind: 'outbox';
  description: string;
}

export type MailTransport = SmtpTransport | OutboxTransport;

/** The embedded default: messages are written to the outbox table, readable in the admin pages. */
export function createOutboxTransport(): OutboxTransport {
  return { kind: 'outbox', description: 'lokale outbox (database)' };
}

export interface SmtpOptions {
  /** Parallel SMTP connections in the pool. */
  maxConnections?: number;
  /** Seconds without traffic before a connection counts as broken. */
  socketTimeoutSeconds?: number;
}

/** The raw message (RFC 5322) as nodemailer composes it. */
export async function composeMessage(mail: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    from: { name: mail.from.name, address: mail.from.address },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    headers: mail.headers,
  })
    .compile()
    .build();
}

export type GetSocket = (options: unknown, callback: (err: Error | null, socketOptions?: { connection: Socket }) => void) => void;

/** nodemailer's getSocket hook: a connected TCP socket with TCP_NODELAY, or the connect error. */
export function noDelaySocket(host: string, port: number): GetSocket {
  return (_options, callback) => {
    const socket = connect({ host, port, noDelay: true, timeout: 30_000 });
    const fail = (error: Error) => {
      socket.destroy();
      callback(error);
    };
    socket.once('error', fail);
    socket.once('timeout', () => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => {
      socket.removeListener('error', fail);
      socket.removeAllListeners('timeout');
      socket.setTimeout(0);
      callback(null, { connection: socket });
    });
  };
}

/**
 * Whether a socket error was the peer resetting the connection. nodemailer replaces the socket
 * error's code with its own ('ESOCKET') but keeps the message ("read ECONNRESET") and the errno.
 */
function isConnectionReset(message: string, errno: number | undefined): boolean {
  const codes = [osConstants.errno.ECONNRESET, osConstants.errno.EPIPE];
  return /\b(ECONNRESET|EPIPE)\b/.test(message) || (errno !== undefined && codes.includes(Math.abs(errno)));
}

/** A pooled SMTP transport for an smtp:// or smtps:// URL (credentials in the URL). */
export function createSmtpTransport(url: string, options: SmtpOptions = {}): SmtpTransport {
  const socketTimeout = (options.socketTimeoutSeconds ?? 120) * 1000;
  const parsed = new URL(url);
  const pool = new SMTPPool({
    url,
    pool: true,
    // Nagle's algorithm holds the end of each message until the server's delayed ACK (~40 ms a
    // message); plain smtp:// gets its connection opened here without it (STARTTLS upgrades it)
    ...(parsed.protocol === 'smtp:' ? { getSocket: noDelaySocket(parsed.hostname.replace(/^\[|\]$/g, ''), Number(parsed.port) || 587) } : {}),
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 1000,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout,
  } as SMTPPool.Options);
  const transporter = nodemailer.createTransport(pool);
  return {
    kind: 'smtp',
    description: `${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? '465' : '25')}`,
    async send(mail) {
      const raw = await composeMessage(mail);
      // the pool reads the message only once it has a live connection for it: from then on a
      // broken connection may have delivered it
      let started = false;
      const stream = new Readable({
        read() {
          started = true;
          this.push(raw);
          this.push(null);
        },
      });
      try {
        const info = await transporter.sendMail({ envelope: { from: mail.from.address, to: [mail.to] }, raw: stream });
        return { ok: true, response: String(info.response ?? '') };
      } catch (error) {
        const e = error as { message?: string; responseCode?: number; command?: string; code?: string; errno?: number };
        const message = String(e.message ?? error);
        return {
          ok: false,
          transactionStarted: started,
          error: { message, responseCode: e.responseCode, command: e.command, code: e.code, connectionReset: isConnectionReset(message, e.errno) },
        };
      }
    },
    async close() {
      transporter.close();
    },
  };
}
