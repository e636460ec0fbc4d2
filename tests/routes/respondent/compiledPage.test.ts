/**
 * The compiled questionnaire page (server/templates/compiled.ts, used by renderPage) must be the very
 * bytes Eta makes of the same model, for every page of both instruments and of the questionnaires
 * with every question type, over many answer states: answers kept and re-shown as typed, texts that
 * need escaping and non-ASCII characters, conditions hiding questions on other pages and showing
 * same-page ones, notices, the check-page button, a repeat's round sentence.
 */
import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../../server/domain/questionnaire/normalize.js';
import { route } from '../../../server/domain/questionnaire/routing.js';
import type { FormInput } from '../../../server/domain/questionnaire/types/form.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { checkPage, parsePage } from '../../../server/domain/respondent/pages.js';
import { pageView, type PageOptions } from '../../../server/routes/respondent/render.js';
import type { Session } from '../../../server/routes/respondent/session.js';
import { createEta } from '../../../server/templates/eta.js';
import { fixtureQuestionnaire } from '../../helpers/miniStappenmeter.js';
import { parseForms } from '../../helpers/formClient.js';
import { proef } from '../../helpers/proefQuestionnaire.js';
import { instrument } from '../../helpers/questionnaire.js';
import { seeded } from '../../../bench/lib/measure.js';

const texts = ['', '12', '3,5', '-1', 'Anne de Vries', '<script>alert("x")</script> & \'quotes\'', 'Ünïcödé – “typografisch” 😀', 'a\nb\r\nc', '  ', '&amp;&lt;', '\u0000&0\u0000', 'los \ud800 surrogaat \udc00x', 'ß€𝄞\u0080\u07ff\u0800\uffff'];

/** A form a person (or a script) might send for this page: from the controls the page offers. */
function randomForm(html: string, next: () => number): FormInput {
  const form: FormInput = {};
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const add = (name: string, value: string) => {
    const had = form[name];
    form[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  };
  const radios = new Map<string, string[]>();
  for (const c of parseForms(html)[0]?.controls ?? []) {
    if (c.tag === 'button' || c.type === 'hidden') continue;
    if (c.type === 'radio') radios.set(c.name, [...(radios.get(c.name) ?? []), c.value]);
    else if (c.type === 'checkbox') {
      if (next() < 0.4) add(c.name, c.value);
    } else if (c.tag === 'select') {
      if (next() < 0.8) form[c.name] = pick(c.options);
    } else if (next() < 0.7) form[c.name] = pick(texts);
  }
  for (const [name, values] of radios) if (next() < 0.85) form[name] = next() < 0.05 ? 'x' : pick(values);
  return form;
}

const eta = createEta(true);
const app = { eta, secrets: undefined as never };

function session(q: Questionnaire): Session {
  return { kind: 'invitation', questionnaire: q, base: '/r/tok-“x”&<y>', csrf: 'csrf&"token"', csrfSubject: 's' } as unknown as Session;
}

/** Render both ways and compare; returns whether the compiled page was used. */
function same(q: Questionnaire, page: number, values: Values, opts: PageOptions): boolean {
  const { model, html } = pageView(app, session(q), page, values, opts);
  const whole = model();
  const eta = Buffer.from(app.eta.render('pages/respondent/page', whole), 'utf8');
  if (html) expect(html.equals(eta), `page ${page} of ${q.id}`).toBe(true);
  return html !== undefined;
}

const questionnaires: Array<[string, () => Questionnaire]> = [
  ['stappenmeter-doelbereik', () => instrument('stappenmeter-doelbereik')],
  ['breedtescan-ketenmanagers', () => instrument('breedtescan-ketenmanagers')],
  ['proef (every question type)', () => proef()],
  ['mini-Stappenmeter fixture', () => fixtureQuestionnaire()],
];

describe.each(questionnaires)('the compiled page of %s', (_name, load) => {
  it('is byte for byte what Eta renders, over many answer states', () => {
    const q = load();
    const next = seeded(19);
    let compiled = 0;
    let compared = 0;
    for (let run = 0; run < 12; run++) {
      let values: Values = {};
      for (let page = 0; page < checkPage(q); page++) {
        if (!route(q, values).pages.includes(page)) continue;
        const notice = next() < 0.3 ? 'Welkom terug. U gaat verder waar u gebleven was; uw eerdere antwoorden zijn bewaard.' : undefined;
        const repeat = next() < 0.2 ? { round: 2, sentence: 'U vult de vragenlijst nu in voor een “tweede” overleg <2>.', target: null, done: [], doneLabels: [], carry: {} } : null;
        const toCheck = next() < 0.3;
        // the stored answers
        compiled += Number(same(q, page, values, { notice, toCheck, repeat }));
        compared++;
        const html = app.eta.render('pages/respondent/page', pageView(app, session(q), page, values).model());
        const form = randomForm(html, next);
        // what was sent, shown again as typed (without messages)
        compiled += Number(same(q, page, values, { form, toCheck }));
        compared++;
        const strict = parsePage(q, page, form, values, true);
        // a page with messages is rendered by Eta
        if (strict.errors.size > 0) expect(same(q, page, strict.values, { form, errors: strict.errors, status: 422 })).toBe(false);
        values = parsePage(q, page, form, values, false).values;
      }
    }
    // every page without messages came from its compiled shape
    expect(compiled).toBe(compared);
    expect(compared).toBeGreaterThan(24);
  });
});

describe('the buffers of compiled pages', () => {
  // a response as the pool sees it: lent a buffer until it has written its page
  const writer = () => ({ writableFinished: false, destroyed: false });
  const q = instrument('stappenmeter-doelbereik');
  const page = q.pages.findIndex((p) => p.id === 'voorbereiding');
  const answers = (v: number): Values => Object.fromEntries(q.aspects.flatMap((a) => a.items).map((code) => [code, v]));
  const view = (v: number, by: ReturnType<typeof writer>) => pageView(app, session(q), page, answers(v), {}, by).html!;

  it('are used again only once the response they were lent to is written', () => {
    const eta1 = Buffer.from(app.eta.render('pages/respondent/page', pageView(app, session(q), page, answers(1)).model()), 'utf8');
    const first = writer();
    const one = view(1, first);
    const kept = Buffer.from(one);
    expect(one.equals(eta1)).toBe(true);
    // while the first response is still writing, other pages go elsewhere and leave it alone
    const others = [2, 3, 4].map((v) => view(v, writer()));
    expect(one.equals(kept)).toBe(true);
    for (const other of others) expect(other.buffer === one.buffer && Math.abs(other.byteOffset - one.byteOffset) < one.length).toBe(false);
    // written: its buffer is the next one's, and holds that page and nothing of the first
    first.writableFinished = true;
    const next = view(2, writer());
    expect(next.buffer).toBe(one.buffer);
    const eta2 = Buffer.from(app.eta.render('pages/respondent/page', pageView(app, session(q), page, answers(2)).model()), 'utf8');
    expect(next.equals(eta2)).toBe(true);
  });

  it('lent to a response destroyed before it was written are never used again', () => {
    const gone = writer();
    const one = view(1, gone);
    const kept = Buffer.from(one);
    gone.destroyed = true;
    for (const v of [2, 3, 4, 1, 2]) {
      const other = view(v, writer());
      expect(other.buffer === one.buffer).toBe(false);
    }
    expect(one.equals(kept)).toBe(true);
  });
});
