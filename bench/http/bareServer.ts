/**
 * The baseline of the HTTP benchmarks: a bare Fastify app with the same logger setting as the app
 * under test (off), GET / returning a constant string and POST /echo returning its parsed form body
 * (@fastify/formbody, the same parser the app uses). Listens on 127.0.0.1, port chosen by the OS.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { emit } from '../lib/child.js';

const app = Fastify({ logger: false });
await app.register(formbody);
app.get('/', async () => 'Hallo');
app.post('/echo', async (request) => request.body);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
emit({ port: typeof address === 'object' && address ? address.port : 0 });

process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
