/**
 * A real SMTP server on loopback (the smtp-server package) for mail tests: it collects every
 * message it accepts, decodes the parts a test looks at, and can be scripted: reject a recipient
 * with a given reply (once or always), or hold its replies to DATA after a number of messages so a
 * sender can be stopped while messages are in flight.
 */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  /** Header names lower-cased, values unfolded and decoded. */
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  /** Messages whose data the server has received, in order (held ones included). */
  messages: ReceivedMessage[];
  /** Number of messages answered with 250. */
  accepted(): number;
  /** Reply `code` to RCPT TO for this address, `times` times (Infinity: always). */
  rejectRecipient(address: string, code: number, times?: number): void;
  /** Receive every message after the first `n` but do not answer it (until release()). */
  holdAfter(n: number): void;
  /** Receive every message after the first `n`, then drop the connection without a reply. */
  dropAfter(n: number): void;
  /**
   * Reset the connection (TCP RST) in the middle of the DATA of every message after the first `n`,
   * before its final dot, as a server that drops the transaction: such a message is not received.
   */
  resetDuringDataAfter(n: number): void;
  /** How many messages were cut off by resetDuringDataAfter. */
  resets(): number;
  /** Answer held messages with 250 and stop holding. */
  release(): void;
  /** Resolves once `n` messages have been received. */
  waitForMessages(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Start a server on 127.0.0.1 at a free port. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const rejections = new Map<string, { code: number; times: number }>();
  let holdFrom = Infinity;
  let dropFrom = Infinity;
  let resetFrom = Infinity;
  let dataStarted = 0;
  let resetCount = 0;
  const sockets = new Map<number, Socket>();
  const held: Array<() => void> = [];
  let acceptedCount = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];

  const notify = () => {
    for (const w of [...waiters]) {
      if (messages.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const rule = rejections.get(address.address.toLowerCase());
      if (rule && rule.times > 0) {
        rule.times -= 1;
        const error = Object.assign(new Error(rule.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: rule.code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      dataStarted += 1;
      if (dataStarted > resetFrom) {
        stream.once('data', () => {
          resetCount += 1;
          sockets.get(session.remotePort)?.resetAndDestroy();
        });
        stream.on('error', () => undefined);
        return;
      }
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom;
        messages.push(parseMessage(raw, from ? from.address : '', session.envelope.rcptTo.map((r) => r.address)));
        const answer = () => {
          acceptedCount += 1;
          callback();
        };
        if (messages.length > dropFrom) sockets.get(session.remotePort)?.destroy();
        else if (messages.length > holdFrom) held.push(answer);
        else answer();
        notify();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.on('close', () => sockets.delete(port));
  });
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    accepted: () => acceptedCount,
    rejectRecipient(address, code, times = 1) {
      rejections.set(address.toLowerCase(), { code, times });
    },
    dropAfter(n) {
      dropFrom = n;
    },
    holdAfter(n) {
      holdFrom = n;
    },
    resetDuringDataAfter(n) {
      resetFrom = n;
    },
    resets: () => resetCount,
    release() {
      holdFrom = Infinity;
      for (const answer of held.splice(0)) {
        try {
          answer();
        } catch {
          // the client is gone
        }
      }
    },
    waitForMessages(n, timeoutMs = 30_000) {
      if (messages.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${n} messages arrived`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function decodeQuotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i]!;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words in a header value. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
  );
}

function splitHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body).toString('utf8');
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** Decode the headers and the text/plain and text/html parts of a (possibly multipart) message. */
export function parseMessage(raw: string, envelopeFrom: string, envelopeTo: string[]): ReceivedMessage {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = splitHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  let text = '';
  let html = '';
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const p = part.replace(/^\r?\n/, '');
      const ps = p.search(/\r?\n\r?\n/);
      const ph = splitHeaders(p.slice(0, ps));
      const content = decodeBody(p.slice(ps).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, ''), ph['content-transfer-encoding']);
      if ((ph['content-type'] ?? '').startsWith('text/plain')) text = content;
      if ((ph['content-type'] ?? '').startsWith('text/html')) html = content;
    }
  } else {
    text = decodeBody(body, headers['content-transfer-encoding']);
  }
  return {
    envelopeFrom,
    envelopeTo,
    raw,
    headers,
    subject: headers.subject ?? '',
    messageId: headers['message-id'] ?? '',
    text: text.replace(/\r\n/g, '\n'),
    html: html.replace(/\r\n/g, '\n'),
  };
}
