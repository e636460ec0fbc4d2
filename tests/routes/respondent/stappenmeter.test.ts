import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { Client, pageForm, textOf, type HtmlForm, type Page } from '../../helpers/formClient.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Answers a respondent chooses; every other radio group gets a code cycling through 1-4 (the Likert scale). */
const plan: Record<string, string> = {
  Q2: '2',
  Q3: '4',
  Q63: '5',
  Q17_2: '5',
  Q29: '1',
  Q30_naam: 'Anne de Vries',
  Q30_email: 'anne@politie.example',
};

/** Fill a form the way a person without JavaScript would: from what the HTML offers, nothing else. */
function fill(form: HtmlForm, counter: { n: number }): Record<string, string> {
  const fields: Record<string, string> = {};
  const radios = new Map<string, string[]>();
  for (const c of form.controls) {
    if (c.type === 'radio') radios.set(c.name, [...(radios.get(c.name) ?? []), c.value]);
    if (c.tag === 'select' && c.name) fields[c.name] = plan[c.name] ?? c.options.find((o) => o !== '') ?? '';
    if ((c.type === 'text' || c.type === 'email') && plan[c.name]) fields[c.name] = plan[c.name] ?? '';
  }
  for (const [name, values] of radios) {
    const planned = plan[name];
    if (planned !== undefined) {
      expect(values).toContain(planned);
      fields[name] = planned;
    } else {
      fields[name] = String((counter.n++ % 4) + 1);
    }
  }
  return fields;
}

it('a plain HTTP client completes the Stappenmeter by following the forms', async () => {
  t = await createTestApp();
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
  const { token } = await makeInvitee(t.app, wave);
  const client = new Client(t.app);

  const intro = await client.get(`/r/${token}`);
  expect(textOf(intro.html)).toContain('Stappenmeter Doelbereik');
  const start = /<a class="button button-primary" href="([^"]+)">Beginnen<\/a>/.exec(intro.html)?.[1];
  if (!start) throw new Error('no start link');
  let page: Page = await client.get(start);

  // first try: the required background questions left open
  const faulty = await client.submit(pageForm(page), {}, 'Volgende');
  expect(faulty.status).toBe(422);
  expect(textOf(faulty.html)).toContain('Kies een antwoord.');
  page = faulty;

  const counter = { n: 0 };
  const seen: string[] = [];
  for (let i = 0; i < 20 && page.forms.some((f) => f.controls.some((c) => c.name === '_action')); i++) {
    // every page goes on with Volgende; only the check page at the end sends
    const form = pageForm(page);
    seen.push(textOf(/<label for="voortgang">([^<]*)<\/label>/.exec(page.html)?.[1] ?? ''));
    const button = form.controls.some((c) => c.tag === 'button' && c.label === 'Versturen') ? 'Versturen' : 'Volgende';
    page = await client.submit(form, fill(form, counter), button);
    expect(page.status).toBe(200);
  }
  expect(page.url).toBe(`/r/${token}/klaar`);
  expect(textOf(page.html)).toContain('Heel hartelijk dank voor uw deelname!');
  // choosing "ja" for contact put the contact details page on the route: 10 pages and the check page
  expect(seen.slice(-2)).toEqual(['Pagina 10 van 11', 'Pagina 11 van 11']);

  const answers = await t.app.db.selectFrom('answers').selectAll().execute();
  const byVar = new Map(answers.map((a) => [a.variable, a]));
  expect(answers).toHaveLength(3 + 48);
  expect(byVar.get('Q2')).toMatchObject({ num: 2, txt: null });
  expect(byVar.get('Q3')).toMatchObject({ num: 4 });
  expect(byVar.get('Q63')).toMatchObject({ num: 5 });
  expect(byVar.get('Q17_2')).toMatchObject({ num: 5 });
  expect(byVar.get('Q6_1')).toMatchObject({ num: 1 });
  expect(byVar.get('Q28_2')?.num).toBeGreaterThanOrEqual(1);
  expect([...byVar.keys()].some((k) => k.startsWith('Q29') || k.startsWith('Q30'))).toBe(false);
  const contacts = await t.app.db.selectFrom('contacts').selectAll().execute();
  expect(contacts.map((c) => JSON.parse(c.values_json))).toEqual([{ Q29: 1, Q30_naam: 'Anne de Vries', Q30_email: 'anne@politie.example' }]);
  const invitation = await t.app.db.selectFrom('invitations').selectAll().executeTakeFirstOrThrow();
  expect(invitation).toMatchObject({ status: 'completed', responses_count: 1 });
});
