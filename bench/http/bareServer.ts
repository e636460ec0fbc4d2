/**
 * The baseline of the HTTP benchmarks: a bare Fastify app with the same logger setting as the app
 * under test (off), GET / returning a constant string and POST /echo returning its parsed form body
 * (@fastify/formbody, the same parser the app uses). GET /html/:bytes returns a constant HTML body of
 * that size: the ceiling of any page of that size, which shows how much of a gap is just bytes on the
 * wire. Listens on 127.0.0.1, port chosen by the OS.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { emit } from '../lib/child.js';

const app = Fastify({ logger: false });
await app.register(formbody);
app.get('/', async () => 'Hallo');
app.post('/echo', async (request) => request.body);
const bodies = new Map<number, string>();
app.get<{ Params: { bytes: string } }>('/html/:bytes', async (request, reply) => {
  const n = Math.min(1_000_000, Number(request.params.bytes) || 0);
  let body = bodies.get(n);
  if (body === undefined) bodies.set(n, (body = `<!doctype html>${'x'.repeat(Math.max(0, n - 15))}`));
  return reply.type('text/html; charset=utf-8').send(body);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
emit({ port: typeof address === 'object' && address ? address.port : 0 });

process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
