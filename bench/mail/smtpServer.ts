/**
 * A local SMTP server for the mail benchmark, in its own process so that it does not take CPU time
 * from the sender being measured: accepts every message at once (no auth, no TLS, no delay), counts
 * messages and bytes. Emits its port when listening and, on SIGTERM, the counts.
 */
import { SMTPServer } from 'smtp-server';
import { emit } from '../lib/child.js';

export interface SmtpCounts {
  messages: number;
  bytes: number;
  recipients: number;
}

const counts: SmtpCounts = { messages: 0, bytes: 0, recipients: 0 };

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onRcptTo(_address, _session, callback) {
    counts.recipients += 1;
    callback();
  },
  onData(stream, _session, callback) {
    stream.on('data', (chunk: Buffer) => {
      counts.bytes += chunk.length;
    });
    stream.on('end', () => {
      counts.messages += 1;
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  emit({ port: typeof address === 'object' && address ? address.port : 0 });
});

process.once('SIGTERM', () => {
  emit(counts);
  server.close(() => process.exit(0));
  // open pooled connections from the sender would otherwise keep close() waiting
  setTimeout(() => process.exit(0), 2000).unref();
});
