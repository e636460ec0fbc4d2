/**
 * A ceiling for page-render: `templateServer.ts <page number>` serves GET /page with the app's own
 * view engine and renderPage() for that Stappenmeter page and fixed answers, but without database,
 * session, token check, rate limit or security headers. No implementation of the real route that
 * renders this template can be faster than this.
 */
import { resolve } from 'node:path';
import Fastify from 'fastify';
import { loadQuestionnaireFile } from '../../server/services/questionnaireFiles.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import secretsPlugin from '../../server/plugins/secrets.js';
import viewPlugin from '../../server/plugins/view.js';
import { renderPage } from '../../server/routes/respondent/render.js';
import type { Session } from '../../server/routes/respondent/session.js';
import { emit, projectRoot } from '../lib/child.js';

const page = Number(process.argv[2] ?? 1) - 1;
const loaded = loadQuestionnaireFile(resolve(projectRoot, 'questionnaires/stappenmeter-doelbereik.json'));
if (!loaded.ok) throw new Error('the Stappenmeter does not load');
const questionnaire = loaded.questionnaire;
const values: Values = { Q2: 1, Q3: 4, Q63: 5 };
questionnaire.aspects.forEach((a, i) => a.items.forEach((code, j) => (values[code] = 1 + ((i + j) % 4))));
// renderPage reads only the questionnaire, the link base and the CSRF subject of the session
const session = { kind: 'invitation', base: '/r/ceiling', questionnaire, csrfSubject: 'ceiling', draft: undefined, invitation: null, participantId: null } as unknown as Session;

const app = Fastify({ logger: false });
await app.register(secretsPlugin, { key: 'benchmark-ceiling-key-of-at-least-32-chars' });
await app.register(viewPlugin);
app.get('/page', async (_request, reply) => renderPage(app, reply, session, page, values));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
emit({ port: typeof address === 'object' && address ? address.port : 0 });

process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
