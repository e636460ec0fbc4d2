/**
 * The baseline of the HTTP benchmarks: a bare Fastify app with the same logger setting as the app
 * under test (off), GET / returning a constant string and POST /echo returning its parsed form body
 * (@fastify/formbody, the same parser the app uses). GET /html/:bytes returns a constant HTML body of
 * that size: the ceiling of any page of that size, which shows how much of a gap is just bytes on the
 * wire. Listens on 127.0.0.1, port chosen by the OS.
 *
 * `?spin=<µs>` on /html and /echo first keeps the CPU busy for that long, a stand-in for the work a
 * real handler does: it measures the budget a target leaves, i.e. how much work per request a route
 * can do on this machine before its ratio falls below the target.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { emit } from '../lib/child.js';

/** Keep this thread busy for `micros` µs. */
function spin(micros: number): void {
  const until = performance.now() + micros / 1000;
  while (performance.now() < until);
}

type Spin = { Querystring: { spin?: string } };

const app = Fastify({ logger: false });
await app.register(formbody);
app.get('/', async () => 'Hallo');
app.post<Spin>('/echo', async (request) => {
  if (request.query.spin) spin(Number(request.query.spin));
  return request.body;
});
const bodies = new Map<number, string>();
app.get<Spin & { Params: { bytes: string } }>('/html/:bytes', async (request, reply) => {
  if (request.query.spin) spin(Number(request.query.spin));
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
