import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { logSerializers } from '../../../server/logging.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { questionnaireDir } from '../../helpers/proefQuestionnaire.js';
import { Client, pageForm } from '../../helpers/formClient.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('writes no token, draft id or response id to the request log', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() }, { logger: { level: 'trace', stream, serializers: logSerializers } });
  const wave = await makeWave(t.app, 'proef');
  const { token } = await makeInvitee(t.app, wave);
  const client = new Client(t.app);
  let page = await client.get(`/r/${token}`);
  page = await client.get(`/r/${token}/pagina/1`);
  page = await client.submit(pageForm(page), { Q1: '1', Q2: '0' }, 'Volgende');
  const draft = await t.app.db.selectFrom('drafts').select('id').executeTakeFirstOrThrow();
  page = await client.submit(pageForm(page), { M1_1: '1', M1_2: '1', M1_3: '1' }, 'Volgende');
  page = await client.submit(pageForm(page), { Q6_a: '100' }, 'Volgende');
  page = await client.submit(pageForm(page), { Q9: '0' }, 'Volgende');
  await client.submit(pageForm(page), {}, 'Versturen');
  const response = await t.app.db.selectFrom('responses').select('id').executeTakeFirstOrThrow();
  await client.get(`/r/${token}/klaar`);
  await client.get('/r/onbekendetokenonbekendetoken');

  const log = lines.join('');
  expect(log).toContain('/r/[token]/pagina/1');
  expect(log).not.toContain(token);
  expect(log).not.toContain(draft.id);
  expect(log).not.toContain(response.id);
  expect(log).not.toContain('onbekendetoken');
});
