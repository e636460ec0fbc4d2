/**
 * What a failed hand-over to the mail server means, and when to try again. Three outcomes besides
 * success: temporary (try later), permanent for this recipient (bounce), and unknown (the message
 * may have been accepted: it is never resent without a person deciding so).
 */

/** Delays before the 2nd, 3rd, 4th and 5th attempt. */
export const RETRY_DELAYS_MS = [5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000] as const;

/** After this many failed attempts a job is given up as failed. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * When to try again after `attempts` failed attempts, or null to give up: after MAX_ATTEMPTS, or
 * when the next attempt would fall after the wave closes.
 */
export function nextAttemptAt(attempts: number, now: Date, closesAt: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[Math.max(0, attempts - 1)] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]!;
  const next = new Date(now.getTime() + delay);
  return next.getTime() < closesAt.getTime() ? next : null;
}

/** The parts of an SMTP client error that matter (nodemailer's shape). */
export interface SmtpErrorInfo {
  message: string;
  /** The server's reply code, when the server answered. */
  responseCode?: number;
  /** The SMTP command the reply belongs to ('RCPT TO', 'DATA', 'MAIL FROM', 'CONN', …). */
  command?: string;
  /** The client's error code ('ECONNECTION', 'ETIMEDOUT', 'EENVELOPE', …). */
  code?: string;
  /**
   * The server reset the connection (TCP RST: ECONNRESET, EPIPE) instead of answering. A server
   * resets a connection it closes with data still unread (in the middle of DATA, before the final
   * dot), or aborts on purpose; either way it did not accept the message.
   */
  connectionReset?: boolean;
}

export type FailureKind = 'temporary' | 'permanent' | 'unknown';

export interface DeliveryFailure {
  kind: FailureKind;
  reason: string;
}

/** Commands whose 5xx reply is about this recipient or this message, not about our sender set-up. */
const RECIPIENT_COMMANDS = new Set(['RCPT TO', 'DATA']);

/**
 * Classify a failed hand-over. `transactionStarted` says whether the message transaction had begun
 * (connection up, message handed to it): a connection closed after that without a reply may have
 * delivered the message (the server may have stored it before its reply was lost), so its fate is
 * unknown — unless the server reset the connection, which it does when it drops the transaction
 * before reading the final dot: then it is retried. A 5xx to RCPT TO or DATA is a permanent bounce of
 * the recipient; a 5xx to anything else (MAIL FROM, AUTH) is a problem of the sender set-up, which a
 * later attempt may not share, so it counts as temporary.
 */
export function classifyDeliveryError(error: SmtpErrorInfo, transactionStarted: boolean): DeliveryFailure {
  const code = error.responseCode;
  const reason = error.message.slice(0, 500);
  if (code && code >= 500 && code < 600) {
    return { kind: RECIPIENT_COMMANDS.has(error.command ?? '') ? 'permanent' : 'temporary', reason };
  }
  if (code && code >= 400 && code < 500) return { kind: 'temporary', reason };
  // no reply at all: an address nodemailer refuses to put in an envelope is as good as a bounce
  if (error.code === 'EENVELOPE') return { kind: 'permanent', reason };
  // reset without a reply: the server dropped the transaction, so the message was not accepted
  if (error.connectionReset) return { kind: 'temporary', reason };
  return { kind: transactionStarted ? 'unknown' : 'temporary', reason };
}
