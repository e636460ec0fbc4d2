/**
 * Compiled pages are written into buffers that are used again once their response is written
 * (server/templates/compiled.ts). Over a real socket, with many respondents asking at once, each
 * must get exactly their own page: their own answers checked, their own link and CSRF field.
 */
import { afterEach, expect, it } from 'vitest';
import { storePage } from '../../../server/db/repositories/drafts.js';
import { isQuestion } from '../../../server/domain/questionnaire/schema.js';
import { draftTime } from '../../../server/services/respondent.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { instrument } from '../../helpers/questionnaire.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('many respondents asking for a page at once each get their own page', async () => {
  t = await createTestApp({}, { respondentRateLimitMax: 1e6 });
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
  const q = instrument('stappenmeter-doelbereik');
  const page = q.pages.findIndex((p) => p.id === 'voorbereiding');
  const contact = q.pages.findIndex((p) => p.blocks.some((b) => isQuestion(b) && b.contact));
  const statements = q.pages[page]!.blocks.flatMap((b) => (isQuestion(b) && b.type === 'likert' ? b.statements.map((s) => s.code) : []));
  expect(statements.length).toBe(13);
  // each respondent answers the page's statements in a pattern of their own
  const people = [];
  for (let i = 0; i < 12; i++) {
    const { token, invitationId } = await makeInvitee(t.app, wave);
    const answers = Object.fromEntries(statements.map((code, k) => [code, 1 + ((i * 7 + k * (i % 3 + 1)) % 4)]));
    await storePage(t.app.db, { create: { waveId: wave.id, invitationId } }, { Q2: 1, Q3: 2, Q63: 3, ...answers }, contact, draftTime(wave, t.app.now()));
    people.push({ token, answers });
  }
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (let round = 0; round < 5; round++) {
    const asks = people.flatMap((p) => [p, p, p]);
    const pages = await Promise.all(asks.map(async (p) => ({ p, res: await fetch(`${base}/r/${p.token}/pagina/${page + 1}`) })));
    for (const { p, res } of pages) {
      expect(res.status).toBe(200);
      const html = await res.text();
      const checked = [...html.matchAll(/name="(Q\d+_\d+)" value="(\d)" checked/g)].map((m) => [m[1], Number(m[2])]);
      expect(Object.fromEntries(checked)).toEqual(p.answers);
      expect(html).toContain(`action="/r/${p.token}/pagina/${page + 1}"`);
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
    }
  }
});
