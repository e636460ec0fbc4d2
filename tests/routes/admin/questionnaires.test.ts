/**
 * The Vragenlijsten pages: the list of versions, adding a version (faults at their line, nothing
 * stored; a good version stored and usable without a restart), the live check, download, printing,
 * what changed, review links, and the preview that stores nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { TableDigest } from '../../helpers/databaseFile.js';
import { makeHouse, makeWave } from '../../helpers/factories.js';
import { proefInput, questionnaireDir } from '../../helpers/proefQuestionnaire.js';
import { questionnaireJson } from '../../helpers/questionnaire.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function get(who: LoggedIn, url: string) {
  return t!.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
}

function post(who: LoggedIn, url: string, fields: Record<string, string | undefined> = {}) {
  return t!.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: who.csrf, ...fields }),
  });
}

/** A multipart body with a file field, as a browser uploads it. */
function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----vhtest';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

/** proef version 2 as a researcher writes it, with one line broken (Q99 does not exist). */
function proef2(broken: boolean): string {
  const raw = structuredClone(proefInput) as Record<string, any>;
  raw.version = '2';
  if (broken) raw.pages[4].blocks[1].showIf = { q: 'Q99', equals: 1 };
  return JSON.stringify(questionnaireJson(raw), null, 2);
}

describe('Vragenlijsten', () => {
  it('lists every questionnaire with its versions, the waves using each, when and by whom it was added', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    await makeWave(t.app, 'proef', { title: 'Proefronde' });
    const page = await get(who, '/admin/questionnaires');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Proefvragenlijst <code>proef</code>');
    expect(page.body).toContain('href="/admin/questionnaires/proef/1"');
    expect(page.body).toContain('Proefronde</a> <span class="muted">(open)</span>');
    expect(page.body).toContain('bestand proef.json');
    expect(page.body).toContain('href="/admin/questionnaires/proef/1/json" download');
    const json = await get(who, '/admin/questionnaires/proef/1/json');
    expect(json.headers['content-disposition']).toBe('attachment; filename="proef-1.json"');
    expect(JSON.parse(json.body)).toMatchObject({ id: 'proef', version: '1', title: 'Proefvragenlijst' });
  });

  it('marks a test wave "Testronde" beside its title in the waves using a version, on the list and the version page; a normal wave has no mark', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    const test = await makeWave(t.app, 'proef', { title: 'Proef oefenen', is_test: 1 });
    const real = await makeWave(t.app, 'proef', { title: 'Proefronde echt' });
    const tag = '<span class="state state-test">Testronde</span>';
    for (const url of ['/admin/questionnaires', '/admin/questionnaires/proef/1']) {
      const body = (await get(who, url)).body;
      expect(body).toContain(`<a href="/admin/waves/${test.id}">Proef oefenen</a> ${tag}`);
      expect(body).toContain(`<a href="/admin/waves/${real.id}">Proefronde echt</a>`);
      expect(body).not.toContain(`<a href="/admin/waves/${real.id}">Proefronde echt</a> ${tag}`);
      expect(body.split(tag)).toHaveLength(2);
    }
  });

  it('shows each fault of an upload with its JSON path next to its line and stores nothing; the fixed version is stored and used at once', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    const digest = new TableDigest(t.config.databaseFile);
    const before = digest.all();
    const broken = proef2(true);
    const line = broken.split('\n').findIndex((l) => l.includes('"Q99"')) + 1;
    const upload = multipart({ _csrf: who.csrf, _action: 'save' }, { name: 'proef-2.json', content: broken });
    const res = await t.app.inject({ method: 'POST', url: '/admin/questionnaires/nieuw', headers: { cookie: who.cookie, accept: 'text/html', 'content-type': upload.type }, payload: upload.body });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('1 fout gevonden; er is niets opgeslagen.');
    // the line is the one of the showIf property, which holds the unknown reference
    expect(res.body).toContain(`Regel ${line - 1}, kolom 11 · pages[4].blocks[1].showIf`);
    expect(res.body).toContain('verwijst naar &quot;Q99&quot;, maar die code bestaat niet');
    expect(res.body).toContain('&quot;showIf&quot;: {');
    expect(digest.all()).toBe(before);

    const check = await post(who, '/admin/questionnaires/nieuw', { text: proef2(false), _action: 'check' });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Geen fouten gevonden');
    expect(digest.all()).toBe(before);
    const saved = await post(who, '/admin/questionnaires/nieuw', { text: proef2(false), _action: 'save' });
    digest.close();
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/questionnaires/proef/2?added');
    const version = await get(who, String(saved.headers.location));
    expect(version.body).toContain('De versie is gecontroleerd en opgeslagen.');
    // no restart needed: a new wave can use it at once
    const form = await get(who, '/admin/waves/new?vragenlijst=proef%402');
    expect(form.body).toContain('<option value="proef@2" selected>');
    // the same version again with other content is refused; the same content is fine
    const changed = proef2(false).replace('Proefvragenlijst', 'Proefvragenlijst (herzien)');
    const again = await post(who, '/admin/questionnaires/nieuw', { text: changed, _action: 'save' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('is al opgeslagen met een andere inhoud');
    expect(again.body).toContain('De opgeslagen versie 2 van proef vervangen');
    const replaced = await post(who, '/admin/questionnaires/nieuw', { text: changed, _action: 'save', replace: 'on' });
    expect(replaced.headers.location).toBe('/admin/questionnaires/proef/2?replaced');
    const same = await post(who, '/admin/questionnaires/nieuw', { text: changed, _action: 'save' });
    expect(same.headers.location).toBe('/admin/questionnaires/proef/2?unchanged');
  });

  it('lists the faults of Controleren (the page without JavaScript) in Dutch, schema and lint alike, and stores nothing', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    const digest = new TableDigest(t.config.databaseFile);
    const before = digest.all();
    const raw = JSON.parse(proef2(true)) as Record<string, any>;
    const type = raw.pages[0].blocks[0].type;
    raw.pages[0].blocks[0].type = 'vraag';
    delete raw.title;
    const res = await post(who, '/admin/questionnaires/nieuw', { text: JSON.stringify(raw, null, 2), _action: 'check' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('2 fouten gevonden; er is niets opgeslagen.');
    expect(res.body).toContain('<span class="fault-message">verplicht veld &quot;title&quot; ontbreekt (verwacht: een tekst)</span>');
    expect(res.body).toContain(
      '<span class="fault-message">onbekende waarde &quot;vraag&quot; voor &quot;type&quot;; kies uit &quot;text&quot; (tekstblok), &quot;likert&quot; (matrixvraag), &quot;single&quot; (enkele keuzevraag), &quot;multi&quot; (meerkeuzevraag), &quot;open&quot; (open vraag), &quot;list&quot; (lijstvraag), &quot;number&quot; (getalvraag), &quot;constantSum&quot; (verdeelvraag), &quot;email&quot; (e-mailvraag) of &quot;yesno&quot; (ja/nee-vraag)</span>',
    );
    // once the schema holds, lint speaks: the unknown reference, in Dutch
    raw.pages[0].blocks[0].type = type;
    raw.title = 'Proefvragenlijst';
    const lint = await post(who, '/admin/questionnaires/nieuw', { text: JSON.stringify(raw, null, 2), _action: 'check' });
    expect(lint.body).toContain('<span class="fault-message">verwijst naar &quot;Q99&quot;, maar die code bestaat niet</span>');
    expect(lint.body).not.toMatch(/fault-message">[^<]*\b(the|which|does|not|expected|received|required)\b/i);
    expect(digest.all()).toBe(before);
    digest.close();
  });

  it('keeps a version a wave uses: another content under its number is refused even with replace', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    await makeWave(t.app, 'proef');
    const changed = JSON.stringify(questionnaireJson({ ...proefInput, title: 'Anders' }));
    const res = await post(who, '/admin/questionnaires/nieuw', { text: changed, _action: 'save', replace: 'on' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('een ronde gebruikt haar: geef deze versie een eigen nummer');
    expect(res.body).not.toContain('vervangen</label>');
  });

  it('answers the live check with the faults of questionnaire check and their place, as JSON', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    const check = (text: unknown, csrf = who.csrf) =>
      t!.app.inject({ method: 'POST', url: '/admin/questionnaires/controle', headers: { cookie: who.cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ text }) });
    const broken = proef2(true);
    const res = await check(broken);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { ok: boolean; faults: Array<{ path: string; message: string; line: number; column: number; from: number; to: number }> };
    expect(body.ok).toBe(false);
    expect(body.faults).toEqual([{ path: 'pages[4].blocks[1].showIf', message: 'verwijst naar "Q99", maar die code bestaat niet', line: expect.any(Number), column: 11, from: expect.any(Number), to: expect.any(Number) }]);
    expect(broken.slice(body.faults[0]!.from, body.faults[0]!.from + 8)).toBe('"showIf"');
    const syntax = (await check('{\n  "id": "x",\n}')).json() as typeof body;
    expect(syntax.faults[0]).toMatchObject({ line: 3, column: 1, message: "ongeldige JSON: onverwacht '}': hier hoort een veldnaam tussen dubbele aanhalingstekens (regel 3, kolom 1)" });
    expect((await check(proef2(false))).json()).toMatchObject({ ok: true, faults: [], questionnaire: { id: 'proef', version: '2' } });
    expect((await check(12)).statusCode).toBe(400);
    expect((await check('{}', 'fout')).statusCode).toBe(403);
    const schema = await get(who, '/admin/questionnaires/schema.json');
    expect(JSON.parse(schema.body)).toMatchObject({ title: 'Vragenlijst (veiligheidshuis-enquete)' });
  });

  it('prints a blank questionnaire with every question, option and code, and the routing in words', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    await post(who, '/admin/questionnaires/nieuw', { text: JSON.stringify(questionnaireJson(proefInput)), _action: 'save' });
    const page = await get(who, '/admin/questionnaires/breedtescan-ketenmanagers/1.1/afdrukken');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<link rel="stylesheet" href="/static/print.css" media="print">');
    expect(page.body).toContain('<link rel="stylesheet" href="/static/questionnaire-print.css">');
    expect(page.body).toContain('Beantwoord vraag 3 alleen als u bij vraag 2 ‘Ja’ koos.');
    expect(page.body).toContain('Vraag 2 · <code>Q2</code>');
    expect(page.body).toContain('<dt>Q2</dt><dd>2 = Ja; 1 = Nee; 3 = Er is geen getekend samenwerkingsconvenant</dd>');
    expect(page.body).toContain('(ontbrekend)');
    const proef = await get(who, '/admin/questionnaires/proef/1/afdrukken');
    expect(proef.body).toContain('<dt>M1_1, M1_2, M1_3</dt><dd>1 = helemaal niet; 2 = enigszins; 3 = grotendeels; 4 = volledig; 5 = geen oordeel (ontbrekend)</dd>');
    expect(proef.body).toContain('Deze pagina alleen als u bij vraag 2 ‘Ja’ koos.');
    expect(proef.body).toContain('contactgegevens, apart bewaard');
  });

  it('says what changed between two versions and whether each aspect stays comparable', async () => {
    const withAspects = { ...proefInput, aspects: [{ id: 'overleg', label: 'Het overleg', items: ['M1_1', 'M1_2', 'M1_3'] }] };
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    for (const [version, items] of [
      ['2', ['M1_1', 'M1_2', 'M1_3']],
      ['3', ['M1_1', 'M1_2']],
    ] as const) {
      const text = JSON.stringify(questionnaireJson({ ...withAspects, version, aspects: [{ ...withAspects.aspects[0], items }] }));
      expect((await post(who, '/admin/questionnaires/nieuw', { text, _action: 'save' })).statusCode).toBe(303);
    }
    const page = await get(who, '/admin/questionnaires/proef/3/verschil?met=2');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Wat is er veranderd van versie 2 naar 3?');
    expect(page.body).toContain('Items van aspect overleg gewijzigd: M1_1, M1_2, M1_3 → M1_1, M1_2.');
    expect(page.body).toMatch(/Het overleg <code>overleg<\/code><\/td>\s*<td>nee<\/td>/);
    expect(page.body).toContain('Andere items; eraf: M1_3.');
    const versionPage = await get(who, '/admin/questionnaires/proef/3');
    expect(versionPage.body).toContain('<option value="2">');
  });
});

describe('review links', () => {
  it('open a read-only preview without an account until they expire or are withdrawn', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    const made = await post(who, '/admin/questionnaires/proef/1/bekijklinks', { label: 'stuurgroep Noord', days: '' });
    expect(made.statusCode).toBe(200);
    const url = /http:\/\/survey\.test(\/bekijken\/[A-Za-z0-9_-]+)/.exec(made.body)![1]!;
    const stored = await t.app.db.selectFrom('review_links').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ label: 'stuurgroep Noord', questionnaire_id: 'proef', version: '1', created_by: who.user.email, withdrawn_at: null });
    expect(Date.parse(stored.expires_at) - t.app.now().getTime()).toBe(14 * 86_400_000);
    expect(JSON.stringify(stored)).not.toContain(url.split('/').pop()!);

    const open = await t.app.inject({ url, headers: { accept: 'text/html' } });
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('Testmodus – antwoorden worden niet bewaard');
    expect(open.body).toContain('bekijklink voor stuurgroep Noord');
    const cookie = open.cookies.find((c) => c.name === 'vh_voorbeeld');
    expect(cookie).toMatchObject({ path: url, httpOnly: true });
    const first = await t.app.inject({ url: `${url}/pagina/1`, headers: { accept: 'text/html', cookie: `vh_voorbeeld=${cookie!.value}` } });
    expect(first.body).toContain('Welk overleg?');
    // a form without the preview's own CSRF token is refused
    const forged = await t.app.inject({ method: 'POST', url: `${url}/pagina/1`, headers: { accept: 'text/html', cookie: `vh_voorbeeld=${cookie!.value}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'Q1=1&Q2=1' });
    expect(forged.statusCode).toBe(403);

    t.setNow(new Date(t.app.now().getTime() + 15 * 86_400_000));
    const expired = await t.app.inject({ url, headers: { accept: 'text/html' } });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Deze bekijklink is verlopen.');
    t.setNow(new Date(t.app.now().getTime() - 15 * 86_400_000));

    const withdraw = await post(who, `/admin/questionnaires/proef/1/bekijklinks/${stored.id}/intrekken`);
    expect(withdraw.statusCode).toBe(303);
    const withdrawn = await t.app.inject({ url, headers: { accept: 'text/html' } });
    expect(withdrawn.statusCode).toBe(410);
    expect(withdrawn.body).toContain('Deze bekijklink is ingetrokken.');
    expect((await get(who, '/admin/questionnaires/proef/1')).body).toContain('ingetrokken');
    expect((await post(who, `/admin/questionnaires/proef/1/bekijklinks/${stored.id}/intrekken`)).statusCode).toBe(404);
    const actions = (await t.app.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith('review_link'))).toEqual(['review_link_created', 'review_link_withdrawn']);
  });
});

describe('a coördinator and the shared store', () => {
  it('sees, previews and prints every version and makes review links, but adds no version and sees and withdraws only their own links', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const house = await makeHouse(t.app);
    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: house }]);
    const researcher = await loginAs(t.app);
    const digest = new TableDigest(t.config.databaseFile);

    const list = await get(coordinator, '/admin/questionnaires');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/admin/questionnaires/proef/1"');
    expect(list.body).not.toContain('Versie toevoegen');
    expect(list.body).toContain('alleen een landelijk onderzoeker voegt ze toe');
    const page = await get(coordinator, '/admin/questionnaires/proef/1');
    expect(page.body).toContain('Bekijken als respondent');
    expect(page.body).not.toContain('Nieuwe versie op basis hiervan');
    expect((await get(researcher, '/admin/questionnaires/proef/1')).body).toContain('Nieuwe versie op basis hiervan');
    expect((await get(coordinator, '/admin/questionnaires/proef/1/afdrukken')).statusCode).toBe(200);
    expect((await get(coordinator, '/admin/questionnaires/proef/1/bekijken/pagina/1')).statusCode).toBe(200);

    // adding a version: refused before anything is read, with the reason, and nothing stored
    const before = digest.all();
    const editor = await get(coordinator, '/admin/questionnaires/nieuw');
    expect(editor.statusCode).toBe(403);
    const save = await post(coordinator, '/admin/questionnaires/nieuw', { text: proef2(false), _action: 'save' });
    expect(save.statusCode).toBe(403);
    const check = await post(coordinator, '/admin/questionnaires/controle', { text: proef2(false) });
    expect(check.statusCode).toBe(403);
    expect(digest.all()).toBe(before);

    // review links: each sees their own; the national researcher every one
    expect((await post(researcher, '/admin/questionnaires/proef/1/bekijklinks', { label: 'stuurgroep Landelijk', days: '7' })).statusCode).toBe(200);
    expect((await post(coordinator, '/admin/questionnaires/proef/1/bekijklinks', { label: 'stuurgroep Eigen Huis', days: '' })).statusCode).toBe(200);
    const links = await t.app.db.selectFrom('review_links').select(['id', 'label']).orderBy('id').execute();
    const [national, own] = links;
    const coordinatorPage = (await get(coordinator, '/admin/questionnaires/proef/1')).body;
    expect(coordinatorPage).toContain('stuurgroep Eigen Huis');
    expect(coordinatorPage).not.toContain('stuurgroep Landelijk');
    const researcherPage = (await get(researcher, '/admin/questionnaires/proef/1')).body;
    expect(researcherPage).toContain('stuurgroep Eigen Huis');
    expect(researcherPage).toContain('stuurgroep Landelijk');
    // another's link is not found for the coordinator, and stays active
    expect((await post(coordinator, `/admin/questionnaires/proef/1/bekijklinks/${national!.id}/intrekken`)).statusCode).toBe(404);
    expect((await post(coordinator, `/admin/questionnaires/proef/1/bekijklinks/${own!.id}/intrekken`)).statusCode).toBe(303);
    const after = await t.app.db.selectFrom('review_links').select(['label', 'withdrawn_at']).orderBy('id').execute();
    expect(after.map((l) => [l.label, l.withdrawn_at === null])).toEqual([
      ['stuurgroep Landelijk', true],
      ['stuurgroep Eigen Huis', false],
    ]);
  });
});
