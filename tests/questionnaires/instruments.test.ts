import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conditionRefs } from '../../server/domain/questionnaire/conditions.js';
import { lint } from '../../server/domain/questionnaire/lint.js';
import { indexOf, normalize, type Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import { route } from '../../server/domain/questionnaire/routing.js';
import {
  isQuestion,
  questionnaireSchema,
  type Condition,
  type LikertQuestion,
  type Option,
  type QuestionOf,
  type QuestionType,
  type QuestionnaireFile,
} from '../../server/domain/questionnaire/schema.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';

function load(id: string): { raw: unknown; file: QuestionnaireFile; q: Questionnaire } {
  const raw: unknown = JSON.parse(readFileSync(new URL(`../../questionnaires/${id}.json`, import.meta.url), 'utf8'));
  const file = questionnaireSchema.parse(raw);
  return { raw, file, q: normalize(file) };
}

function question<T extends QuestionType>(q: Questionnaire, code: string, type: T): QuestionOf<T> {
  const found = indexOf(q).question.get(code);
  if (!found) throw new Error(`no question ${code}`);
  expect(found.type).toBe(type);
  return found as QuestionOf<T>;
}

function variable(q: Questionnaire, code: string) {
  const found = indexOf(q).variable.get(code);
  if (!found) throw new Error(`no variable ${code}`);
  return found;
}

/** Every code a file defines: question codes, variable codes and text block ids must not collide. */
function expectUniqueCodes(q: Questionnaire): void {
  const questionCodes = indexOf(q).questions.map((x) => x.code);
  const blockIds = q.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'text' && b.id ? [b.id] : [])));
  const variableCodes = q.variables.map((v) => v.code);
  expect(new Set(questionCodes).size).toBe(questionCodes.length);
  expect(new Set(variableCodes).size).toBe(variableCodes.length);
  expect(new Set([...questionCodes, ...blockIds]).size).toBe(questionCodes.length + blockIds.length);
  // a variable may carry its own question's code (single, number, …) but never another question's
  const owner = indexOf(q).owner;
  for (const code of [...questionCodes, ...blockIds]) {
    if (owner.has(code)) expect(owner.get(code)).toBe(code);
  }
}

/** Conditions name only questions on earlier pages, so a page never depends on itself. */
function expectConditionsOnEarlierPages(q: Questionnaire): void {
  const { owner, pageOf } = indexOf(q);
  q.pages.forEach((page, i) => {
    const conditions: Condition[] = [
      ...(page.showIf ? [page.showIf] : []),
      ...page.blocks.flatMap((b) => (b.showIf ? [b.showIf] : [])),
    ];
    for (const ref of conditions.flatMap(conditionRefs)) {
      const refQuestion = owner.get(ref) ?? ref;
      const refPage = pageOf.get(refQuestion);
      expect(refPage, `${page.id}: condition on ${ref}`).toBeDefined();
      expect(refPage!, `${page.id}: condition on ${ref}`).toBeLessThan(i);
    }
  });
}

interface RoutingRule {
  question: string;
  holds: Values;
  fails: Values;
  answer: Values;
}

function expectRoutingRule(q: Questionnaire, rule: RoutingRule): void {
  const shown = route(q, { ...rule.holds, ...rule.answer });
  expect(shown.shown.has(rule.question), `${rule.question} shown`).toBe(true);
  for (const [code, value] of Object.entries(rule.answer)) expect(shown.values[code]).toBe(value);

  const hidden = route(q, { ...rule.fails, ...rule.answer });
  expect(hidden.shown.has(rule.question), `${rule.question} hidden`).toBe(false);
  for (const code of Object.keys(rule.answer)) expect(hidden.values).not.toHaveProperty(code);
  // the answers the condition depends on survive
  for (const [code, value] of Object.entries(rule.fails)) expect(hidden.values[code]).toBe(value);
}

describe('Stappenmeter Doelbereik', () => {
  const { raw, file, q } = load('stappenmeter-doelbereik');

  it('parses, passes lint, points at the generated JSON Schema and has a unique code for everything', () => {
    expect(raw).toMatchObject({ $schema: './questionnaire.schema.json', id: 'stappenmeter-doelbereik', version: '1.0' });
    expect(lint(file)).toEqual([]);
    expectUniqueCodes(q);
    expectConditionsOnEarlierPages(q);
  });

  it('has exactly the 48 printed statements, in order, all on the doelbereik scale', () => {
    const likerts = indexOf(q).questions.filter((x): x is LikertQuestion => x.type === 'likert');
    expect(likerts.map((x) => x.code)).toEqual([
      'Q6', 'Q7', 'Q8', 'Q9', 'Q11', 'Q12', 'Q13', 'Q14', 'Q16', 'Q17', 'Q19', 'Q20', 'Q22', 'Q23', 'Q25', 'Q26', 'Q28',
    ]);
    expect(likerts.flatMap((x) => x.statements.map((s) => s.code))).toEqual([
      'Q6_1', 'Q7_1', 'Q8_1', 'Q9_1', 'Q9_2', 'Q9_3',
      'Q11_1', 'Q11_2', 'Q11_3', 'Q12_1', 'Q12_2', 'Q13_1', 'Q13_2', 'Q13_3', 'Q13_4', 'Q13_5', 'Q14_1', 'Q14_2', 'Q14_3',
      'Q16_1', 'Q16_2', 'Q16_3', 'Q16_4', 'Q17_1', 'Q17_2',
      'Q19_1', 'Q19_2', 'Q19_3', 'Q19_4', 'Q19_5', 'Q20_1', 'Q20_2', 'Q20_3', 'Q20_4',
      'Q22_1', 'Q22_2', 'Q22_3', 'Q23_1', 'Q23_2', 'Q23_3', 'Q23_4',
      'Q25_1', 'Q25_2', 'Q25_3', 'Q26_1', 'Q26_2',
      'Q28_1', 'Q28_2',
    ]);
    const rawScales = (raw as { answerScales: Record<string, unknown> }).answerScales;
    expect(Object.keys(rawScales)).toEqual(['doelbereik']);
    for (const likert of likerts) {
      expect(likert.required).toBe(false);
      expect(likert.scale).toEqual([
        { value: 1, label: 'helemaal niet' },
        { value: 2, label: 'enigszins' },
        { value: 3, label: 'grotendeels' },
        { value: 4, label: 'volledig' },
      ]);
    }
    expect(variable(q, 'Q20_3').label).toBe('Alle partners krijgen de kans hun inbreng te leveren tijdens het overleg');
  });

  it('groups the statements into the seven aspects of Tabel B1.1', () => {
    expect(q.aspects.map((a) => [a.id, a.items.length])).toEqual([
      ['selectie', 6],
      ['voorbereiding', 13],
      ['informatiedeling', 6],
      ['bespreking', 9],
      ['samenwerking', 7],
      ['evaluatie', 5],
      ['rendement', 2],
    ]);
    const matrices: Record<string, string[]> = {
      selectie: ['Q6', 'Q7', 'Q8', 'Q9'],
      voorbereiding: ['Q11', 'Q12', 'Q13', 'Q14'],
      informatiedeling: ['Q16', 'Q17'],
      bespreking: ['Q19', 'Q20'],
      samenwerking: ['Q22', 'Q23'],
      evaluatie: ['Q25', 'Q26'],
      rendement: ['Q28'],
    };
    const { owner } = indexOf(q);
    for (const aspect of q.aspects) {
      expect(aspect.label).toMatch(/^[A-Z][a-z]+$/);
      expect([...new Set(aspect.items.map((item) => owner.get(item)))]).toEqual(matrices[aspect.id]);
    }
    expect(q.aspects.flatMap((a) => a.items)).toHaveLength(48);
  });

  it('opens each aspect page with its printed intro text', () => {
    const intros = ['Q5', 'Q10', 'Q15', 'Q18', 'Q21', 'Q24', 'Q27'];
    q.aspects.forEach((aspect, i) => {
      const page = q.pages.find((p) => p.blocks.some((b) => isQuestion(b) && b.type === 'likert' && b.statements.some((s) => s.code === aspect.items[0])));
      const first = page?.blocks[0];
      expect(first?.type).toBe('text');
      expect(first?.type === 'text' && first.id).toBe(intros[i]);
      expect(first?.type === 'text' && first.text).toMatch(new RegExp(`^${i + 1}\\. De (volgende|laatste twee) vragen gaan over`));
    });
  });

  it('has the printed aspect intro texts, matrix questions and statements word for word (003:5887-6444)', () => {
    const intros = q.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'text' ? [[b.id, b.text]] : [])));
    expect(intros).toEqual([
      ['Q5', '1. De volgende vragen gaan over de selectie en de mogelijkheden om casussen in te brengen in het overleg'],
      ['Q10', '2. De volgende vragen gaan over de voorbereiding op het casusoverleg'],
      ['Q15', '3. De volgende vragen gaan over de informatiedeling'],
      ['Q18', '4. De volgende vragen gaan over het bespreken van casussen tijdens het overleg'],
      ['Q21', '5. De volgende vragen gaan over de samenwerking en afstemming'],
      ['Q24', '6. De volgende vragen gaan over de evaluatie en monitoring'],
      ['Q27', '7. De laatste twee vragen gaan over de verhouding tussen inspanning en opbrengst'],
    ]);
    const printed: Record<string, [string, string[]]> = {
      Q6: ['Hoe beoordeelt u het doel van het overleg?', [
        'Het doel van het overleg is helder',
      ]],
      Q7: ['Hoe beoordeelt u de instroomcriteria van het overleg?', [
        'De criteria voor instroom van casussen zijn helder',
      ]],
      Q8: ['Hoe beoordeelt u de instroomcriteria van het overleg?', [
        'De criteria voor instroom van casussen zijn juist',
      ]],
      Q9: ['Hoe beoordeelt u de selectie en instroommogelijkheden van casussen?', [
        'De selectie van casussen (triage) wordt gedaan door de inhoudelijk meest aangewezen personen',
        'De selectie verloopt via de daarvoor geldende criteria',
        'Indien nodig, is het mogelijk om ook via andere kanalen casussen in te brengen',
      ]],
      Q11: ['Hoe beoordeelt u de agenda voor het overleg?', [
        'De agenda wordt tijdig verzonden',
        'De agenda voor het overleg is voldoende volledig',
        'Alleen voor het overleg relevante casussen staan op de agenda',
      ]],
      Q12: ['Hoe beoordeelt u de voorbereiding op het overleg?', [
        'Alle partners bereiden zich voldoende voor op het overleg',
        'Alle partners hebben voldoende tijd om zich voor te bereiden op het overleg',
      ]],
      Q13: ['Hoe beoordeelt u de partners die aanwezig zijn bij het overleg?', [
        'Het is duidelijk welke partijen vaste deelnemers zijn aan het overleg',
        'Alle relevante partners zitten aan tafel',
        // deviation: the printed statement starts with a lower-case letter
        'Per organisatie zitten de meest relevante personen aan tafel (naar functie en expertise)',
        'Alle aanwezige partners hebben voldoende competenties om binnen het overleg goed te kunnen functioneren',
        'Incidentele deelnemers nemen alleen deel aan het overleg als dat relevant is',
      ]],
      Q14: ['Hoe beoordeelt u de verantwoordelijkheden en bevoegdheden van de partners die aanwezig zijn bij het overleg?', [
        'Alle verantwoordelijkheden en bevoegdheden van aanwezige partners zijn helder voor iedereen',
        'Vaste deelnemers zijn voldoende gemandateerd voor het overleg',
        'Incidentele deelnemers zijn voldoende gemandateerd voor het overleg',
      ]],
      Q16: ['Hoe beoordeelt u de informatie die gedeeld wordt vóór en tijdens het overleg?', [
        'Alle partners delen voldoende informatie ten behoeve van het casusoverleg',
        'Informatie wordt tijdig gedeeld',
        'Gegevens van partners zijn op de juiste momenten beschikbaar',
        'Partners weten welke informatie zij mogen delen in het overleg',
      ]],
      Q17: ['Hoe beoordeelt u de bescherming van gegevens die worden uitgewisseld?', [
        'Gegevens worden voldoende beschermd opgeslagen',
        'De juiste gegevens worden opgeslagen',
      ]],
      Q19: ['Hoe beoordeelt u de inhoudelijke bespreking van de casussen?', [
        'De vergadering verloopt efficiënt',
        'Er is voldoende bespreektijd per casus',
        'De bespreking van casussen tijdens het overleg is voldoende systeemgericht',
        'De bespreking van casussen tijdens het overleg is voldoende persoonsgericht',
        'Het bespreken van casussen leidt tot een integraal plan van aanpak',
      ]],
      Q20: ['Hoe beoordeelt u de wijze waarop de casussen worden besproken?', [
        'Er is voldoende vertrouwen tussen de partners',
        'Het overleg verloopt in een professionele sfeer',
        'Alle partners krijgen de kans hun inbreng te leveren tijdens het overleg',
        'Er is voldoende afstemming over welke doelen worden nagestreefd per casus',
      ]],
      Q22: ['Hoe beoordeelt u het proces van het casusoverleg?', [
        'Het is duidelijk wie verantwoordelijk is voor het verloop van het proces',
        'De regie op het proces is goed gelegd',
        'Samenwerkingsafspraken worden in voldoende mate vastgelegd',
      ]],
      Q23: ['Hoe beoordeelt u het vervolg naar aanleiding van de casusbespreking?', [
        'Eventuele vervolgacties zijn voldoende concreet',
        'Het is voldoende helder wie welke vervolgacties uitvoert',
        'Het casemanagement voor het uitvoeren van het plan van aanpak van casussen is voldoende belegd',
        'Samenwerkingsafspraken worden in voldoende mate nagekomen',
      ]],
      Q25: ['Hoe beoordeelt u de afronding van een casus in het casusoverleg?', [
        'Het is duidelijk wanneer een casus wordt afgerond',
        'Het is duidelijk waarom een casus wordt afgerond',
        "Er is een gedeelde definitie van 'succes' per casus",
      ]],
      Q26: ['Hoe beoordeelt u de evaluatie van het casusoverleg en de bespreking van leerpunten?', [
        'De vaste deelnemers aan het overleg reflecteren voldoende op het verloop van de samenwerking',
        'Het casusoverleg biedt voldoende ruimte om knelpunten in de samenwerking te bespreken',
      ]],
      Q28: ['Hoe beoordeelt u de inspanning die het casusoverleg vraagt?', [
        'De inspanning die het casusoverleg van mij vraagt weegt op tegen de opbrengst',
        'De investering die het casusoverleg van mijn organisatie vraagt weegt op tegen de opbrengst',
      ]],
    };
    const likerts = indexOf(q).questions.filter((x): x is LikertQuestion => x.type === 'likert');
    expect(Object.fromEntries(likerts.map((x) => [x.code, [x.text, x.statements.map((s) => s.text)]]))).toEqual(printed);
    // deviation: printed "via email"
    expect(question(q, 'Q29', 'single').text).toBe('Naar aanleiding van dit onderzoek wil ik contact (via e-mail) met de onderzoeker');
  });

  it('treats Q17 "geen oordeel" (5) as a declared missing value, never as a scale point', () => {
    const q17 = question(q, 'Q17', 'likert');
    expect(q17.missing.map((o) => [o.value, o.label])).toEqual([[5, 'geen oordeel']]);
    expect((q17.scale as Option[]).map((o) => o.value)).toEqual([1, 2, 3, 4]);
    for (const code of ['Q17_1', 'Q17_2']) {
      expect(variable(q, code).missingValues).toEqual([5]);
      expect(variable(q, code).valueLabels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5]);
    }
    // the other matrices have no extra column
    expect(variable(q, 'Q16_1').missingValues).toEqual([]);
    expect(variable(q, 'Q16_1').valueLabels.map((l) => l.value)).toEqual([1, 2, 3, 4]);
  });

  it('asks the three background questions, required, with the printed overlegvormen and beroepsgroepen', () => {
    const q2 = question(q, 'Q2', 'single');
    expect(q2.required).toBe(true);
    expect(q2.options.map((o) => o.label)).toEqual([
      'Individueel casusoverleg',
      'Geclusterd jeugdoverleg',
      // deviations: the printed group labels are not written as Dutch compounds
      'Geclusterd volwassenenoverleg',
      'Overleg high-impactcriminelen',
      'Jeugdgroepsaanpak',
      'Anders',
    ]);
    expect(q2.options.filter((o) => o.other).map((o) => o.value)).toEqual([6]);
    const q3 = question(q, 'Q3', 'single');
    expect(q3.required).toBe(true);
    expect(q3.options.map((o) => o.label)).toEqual([
      'Gemeenteambtenaar',
      'Beleidsmedewerker gemeente',
      'OM-medewerker',
      'Politiefunctionaris',
      'Reclasseringsambtenaar',
      'Zorg- of welzijnsmedewerker',
      'Anders',
    ]);
    expect(q3.options.filter((o) => o.other).map((o) => o.value)).toEqual([7]);
    expect(variable(q, 'Q2_other').kind).toBe('text');
    expect(variable(q, 'Q3_other').kind).toBe('text');
    expect(question(q, 'Q63', 'single').required).toBe(true);
    expect(q.background.map((b) => [b.id, b.question])).toEqual([
      ['overlegvorm', 'Q2'],
      ['beroepsgroep', 'Q3'],
      ['aanwezigheid', 'Q63'],
    ]);
    expect(q.pages[0]?.blocks.filter(isQuestion).map((b) => b.code)).toEqual(['Q2', 'Q3', 'Q63']);
  });

  it('gives every attendance option (Q63) the count it stands for, and bands those counts', () => {
    const q63 = question(q, 'Q63', 'single');
    expect(q63.options).toHaveLength(20);
    expect(q63.options.map((o) => o.value)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(q63.options.map((o) => o.meaning)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
    expect(q63.options[0]?.label).toBe('3 of minder');
    expect(q63.options[1]?.label).toBe('4');
    expect(q63.options[18]?.label).toBe('21');
    expect(q63.options[19]?.label).toBe('22 of meer');

    const bands = q.background.find((b) => b.id === 'aanwezigheid')?.bands;
    expect(bands).toEqual([
      { label: '3 of minder', max: 3 },
      { label: '4-6', min: 4, max: 6 },
      { label: '7-10', min: 7, max: 10 },
      { label: '11-15', min: 11, max: 15 },
      { label: '16 of meer', min: 16 },
    ]);
    // every option lands in exactly one band
    for (const option of q63.options) {
      const m = option.meaning!;
      const hits = bands!.filter((b) => (b.min === undefined || m >= b.min) && (b.max === undefined || m <= b.max));
      expect(hits, option.label).toHaveLength(1);
    }
  });

  it('keeps the contact questions apart and asks name and e-mail only of who wants contact', () => {
    expect(question(q, 'Q29', 'single').options.map((o) => [o.value, o.label])).toEqual([
      [1, 'Ja'],
      [2, 'Nee'],
    ]);
    const contact = indexOf(q).questions.filter((x) => x.contact).map((x) => x.code);
    expect(contact).toEqual(['Q29', 'Q30_naam', 'Q30_email']);
    expect(question(q, 'Q30_email', 'email').showIf).toEqual({ q: 'Q29', equals: 1 });
    for (const code of ['Q30_naam', 'Q30_email']) {
      expectRoutingRule(q, { question: code, holds: { Q29: 1 }, fails: { Q29: 2 }, answer: { [code]: 'x@example.org' } });
    }
    expect(route(q, {}).shown.has('Q30_email')).toBe(false);
  });

  it('offers to answer again for another overleg; anonymity is promised by the wave, not by the instrument\'s intro', () => {
    expect(q.repeat).toEqual({
      enabled: true,
      prompt: 'Wilt u de vragenlijst ook invullen voor een ander overleg?',
      maxResponses: 5,
      noun: 'overleg',
      // the overleg is what a repeat is about; function and attendance belong to the person
      target: 'Q2',
      carryOver: ['Q3', 'Q63'],
    });
    // deviation: "en is volledig anoniem, tenzij u uw naam invult bij de laatste vraag" is said by the intro page when the wave is anonymous
    expect(q.intro).toBe('Fijn dat u de moeite neemt om deze vragenlijst in te vullen. We waarderen uw mening en feedback. Het invullen van de vragenlijst zal circa 10 minuten duren.');
    expect(q.closing).toBe('Heel hartelijk dank voor uw deelname!');
  });
});

describe('Breedtescan ketenmanagers', () => {
  const { raw, file, q } = load('breedtescan-ketenmanagers');
  const expectedTypes: Record<string, QuestionType> = {
    Q1: 'open', Q2: 'single', Q3: 'list', Q4: 'single', Q5: 'list', Q6: 'single', Q7: 'single', Q8: 'multi',
    Q9: 'list', Q10: 'single', Q11: 'single', Q12: 'single', Q13: 'yesno', Q14: 'multi', Q15: 'single', Q16: 'open',
    Q17: 'open', Q18: 'yesno', Q19: 'constantSum', Q20: 'open', Q21: 'single', Q22: 'number', Q23: 'list', Q24: 'single',
    Q25: 'single', Q26: 'yesno', Q27: 'single', Q28: 'list', Q29: 'yesno', Q30: 'multi', Q31: 'single', Q32: 'single',
    Q33: 'single', Q34: 'open', opmerkingen: 'open',
  };

  it('parses, passes lint, points at the generated JSON Schema and has a unique code for everything', () => {
    expect(raw).toMatchObject({ $schema: './questionnaire.schema.json', id: 'breedtescan-ketenmanagers', version: '1.1' });
    expect(lint(file)).toEqual([]);
    expectUniqueCodes(q);
    expectConditionsOnEarlierPages(q);
  });

  it('has the 34 printed questions Q1..Q34 plus the closing remarks box, with their types', () => {
    const codes = indexOf(q).questions.map((x) => x.code);
    expect(codes).toEqual([...Array.from({ length: 34 }, (_, i) => `Q${i + 1}`), 'opmerkingen']);
    expect(Object.fromEntries(indexOf(q).questions.map((x) => [x.code, x.type]))).toEqual(expectedTypes);
    expect(question(q, 'opmerkingen', 'open').multiline).toBe(true);
    expect(question(q, 'Q1', 'open').required).toBe(true);
  });

  it('opens with the printed introduction and has each block intro text, as printed, before its question', () => {
    expect(q.intro).toMatch(/^Deze vragenlijst is onderdeel van het onderzoek naar het Landelijk Kader Veiligheidshuizen\./);
    expect(q.intro).toContain('- Sturing en bestuurlijke samenwerking\n- Taken en uitvoering in de praktijk\n- Complexe casuïstiek\n- Triage en afstemming');
    expect(q.intro).toMatch(/Het invullen kost circa 10 tot 15 minuten\.$/);
    // every text block with the question printed right after it (001:6420-6841)
    const texts = q.pages.flatMap((page) =>
      page.blocks.flatMap((block, i) => {
        if (block.type !== 'text') return [];
        const following = page.blocks.slice(i + 1).find(isQuestion);
        return [[block.text, following?.code]];
      }),
    );
    expect(texts).toEqual([
      ['Dan volgen nu enkele vragen over taken van het veiligheidshuis en de uitvoering in de praktijk', 'Q12'],
      ['Dan volgen nu twee vragen die betrekking hebben op alle casuïstiek die in het veiligheidshuis wordt aangedragen.', 'Q18'],
      ['In het landelijk kader is aangegeven dat veiligheidshuizen zich met name dienen te gaan richten op complexe, meervoudige problematiek met een (potentiële) veiligheidscomponent.', 'Q21'],
      ['Dan volgen nu enkele vragen over behandelde casuïstiek en triage.', 'Q25'],
      ['Dan volgt nu een vraag over afstemming met betrekking tot casuïstiek in brede zin.', 'Q28'],
      ['Soms wordt ervoor gekozen om een casus op maat te bespreken in een veiligheidshuis. We bedoelen hiermee dat in het veiligheidshuis met de direct betrokken professionals (en niet met alleen vertegenwoordigers van organisaties) een aanpak wordt afgesproken.', 'Q31'],
      ['Dan volgen nu nog twee stellingen. Ze hebben betrekking op het veiligheidshuis waar u werkzaam bent en het gehele werkgebied van dit veiligheidshuis.', 'Q32'],
      // deviations: "in de volgende zin afmaken"; the thanks move to the thank-you page, after sending
      ['Kunt u tot slot de volgende zin afmaken?', 'Q34'],
      ['Dit waren alle vragen.', 'opmerkingen'],
    ]);
    expect(q.pages.at(-1)?.title).toBe('Tot slot');
    expect(q.closing).toBe('Hartelijk bedankt voor uw medewerking. U wordt te zijner tijd door onze opdrachtgever WODC geïnformeerd over de resultaten van het onderzoek.');
    expect(question(q, 'opmerkingen', 'open').text).toBe('Eventuele laatste opmerkingen kunt u hieronder nog kwijt als u wilt');
  });

  it('lists up to the printed number of entries', () => {
    const entries = Object.fromEntries(
      ['Q3', 'Q5', 'Q9', 'Q23', 'Q28'].map((code) => [code, question(q, code, 'list').maxEntries]),
    );
    expect(entries).toEqual({ Q3: 4, Q5: 4, Q9: 5, Q23: 2, Q28: 3 });
    expect(q.variables.filter((v) => v.question === 'Q9').map((v) => v.code)).toEqual(['Q9_1', 'Q9_2', 'Q9_3', 'Q9_4', 'Q9_5']);
  });

  it('asks "anders, namelijk" texts where the print does', () => {
    const withOther = indexOf(q)
      .questions.filter((x) => (x.type === 'single' || x.type === 'multi') && x.options.some((o) => o.other))
      .map((x) => x.code);
    expect(withOther).toEqual(['Q4', 'Q6', 'Q7', 'Q14', 'Q30']);
    for (const code of withOther) expect(variable(q, `${code}_other`).kind).toBe('text');
  });

  it('declares the share scales with "onbekend" / "weet niet" as missing', () => {
    for (const code of ['Q10', 'Q11', 'Q24']) {
      const options = question(q, code, 'single').options;
      expect(options.map((o) => o.label.toLowerCase())).toEqual([
        'alle gemeenten',
        '> 50% van de gemeenten',
        '25 - 50% van de gemeenten',
        '< 25% van de gemeenten',
        'geen enkele gemeente',
        code === 'Q24' ? 'weet niet' : 'een onbekend deel',
      ]);
      expect(variable(q, code).missingValues).toEqual([6]);
    }
    expect(variable(q, 'Q27').missingValues).toEqual([3]);
    expect(question(q, 'Q27', 'single').options[2]?.label).toBe('Weet niet');
  });

  it('makes "Geen afstemming" exclusive in Q8 and has Q14 and Q30 as multiple choice', () => {
    const q8 = question(q, 'Q8', 'multi');
    expect(q8.options.filter((o) => o.exclusive).map((o) => o.label)).toEqual(['Geen afstemming met gremia/organisaties']);
    expect(q.variables.filter((v) => v.question === 'Q8').map((v) => v.code)).toEqual(['Q8_1', 'Q8_2', 'Q8_3', 'Q8_4']);
    expect(question(q, 'Q14', 'multi').options.map((o) => [o.label, o.otherLabel])).toEqual([
      ['Jihadisme', undefined],
      ['Verwarde personen', undefined],
      ['Andere taken/doelgroepen', 'Andere taken/doelgroepen, namelijk'],
    ]);
    expect(question(q, 'Q30', 'multi').options).toHaveLength(9);
  });

  it('distributes Q19 over eleven partners that total 100 %', () => {
    const q19 = question(q, 'Q19', 'constantSum');
    expect(q19.total).toBe(100);
    expect(q19.unit).toBe('%');
    expect(q19.items.map((i) => i.code)).toEqual(Array.from({ length: 11 }, (_, i) => `Q19_${i + 1}`));
    expect(q19.items[0]?.label).toBe('door politie');
    expect(q19.items[10]?.label).toBe('overig');
  });

  it('asks Q22 as a 0-100 % estimate with "Weet niet" stored as the missing code 999', () => {
    const q22 = question(q, 'Q22', 'number');
    expect([q22.min, q22.max, q22.unit]).toEqual([0, 100, '%']);
    expect(q22.dontKnow).toEqual({ value: 999, label: 'Weet niet' });
    expect(variable(q, 'Q22').missingValues).toEqual([999]);
  });

  it('asks the closing statements on their printed scales', () => {
    expect(question(q, 'Q32', 'single').options.map((o) => o.label)).toEqual([
      'Helemaal mee eens',
      'Beetje mee eens',
      'Niet eens/niet oneens',
      'Beetje mee oneens',
      'Helemaal mee oneens',
    ]);
    expect(question(q, 'Q33', 'single').options.map((o) => o.label)).toEqual([
      'Volledig',
      'Grotendeels',
      'In beperkte mate',
      'Niet of nauwelijks',
    ]);
    expect(question(q, 'Q34', 'open').text).toMatch(/^De belangrijkste kans voor ons veiligheidshuis/);
  });

  const rules: RoutingRule[] = [
    { question: 'Q3', holds: { Q2: 2 }, fails: { Q2: 1 }, answer: { Q3_1: 'Halt', Q3_2: 'GGD' } },
    { question: 'Q3', holds: { Q2: 2 }, fails: { Q2: 3 }, answer: { Q3_1: 'Halt' } },
    { question: 'Q5', holds: { Q4: 1 }, fails: { Q4: 2 }, answer: { Q5_1: 'Reclassering' } },
    { question: 'Q9', holds: { Q8_1: 0, Q8_4: 1 }, fails: { Q8_1: 1, Q8_4: 0 }, answer: { Q9_1: 'RVO' } },
    { question: 'Q14', holds: { Q13: 1 }, fails: { Q13: 0 }, answer: { Q14_1: 1, Q14_2: 0, Q14_3: 1, Q14_other: 'Radicalisering' } },
    { question: 'Q20', holds: { Q19_1: 90, Q19_11: 10 }, fails: { Q19_1: 100, Q19_11: 0 }, answer: { Q20: 'DJI' } },
    { question: 'Q26', holds: { Q25: 2 }, fails: { Q25: 3 }, answer: { Q26: 1 } },
    { question: 'Q30', holds: { Q29: 1 }, fails: { Q29: 0 }, answer: { Q30_1: 1, Q30_9: 1, Q30_other: 'Woningcorporatie' } },
  ];
  it.each(rules)('routes $question: shown when its condition holds, hidden with answers dropped otherwise', (rule) => {
    expectRoutingRule(q, rule);
  });

  it('hides every routed question when its trigger is unanswered, except Q26 ("only unless" Q25 = Nee)', () => {
    const { shown } = route(q, {});
    for (const code of ['Q3', 'Q5', 'Q9', 'Q14', 'Q20', 'Q30']) expect(shown.has(code), code).toBe(false);
    expect(shown.has('Q26')).toBe(true);
    expect(shown.has('Q34')).toBe(true);
  });

  it('shows the questions that no rule governs on every route', () => {
    const routed = new Set(['Q3', 'Q5', 'Q9', 'Q14', 'Q20', 'Q26', 'Q30']);
    const { shown } = route(q, { Q2: 1, Q4: 2, Q8_1: 1, Q13: 0, Q19_11: 0, Q25: 3, Q29: 0 });
    for (const code of Object.keys(expectedTypes)) expect(shown.has(code), code).toBe(!routed.has(code));
  });
});

/**
 * Where the instruments deviate from the printed source on purpose, fragment by fragment: Dutch that
 * was plainly wrong, a hint printed twice, Ja/Nee in one order, thanks before sending. Codes and
 * meanings stay. Each row is listed in the README (a test below reads it), and the instrument must
 * have the new fragment and no longer the printed one.
 */
interface Deviation {
  instrument: 'stappenmeter-doelbereik' | 'breedtescan-ketenmanagers';
  /** The element, as the README names it: a code, "Q2 opties", "intro", "slotpagina". */
  code: string;
  printed: string;
  now: string;
  /** The printed fragment ended the text (a question mark added after it). */
  end?: true;
  /** The element's current text. */
  text: (q: Questionnaire) => string;
}

function textOf(q: Questionnaire, code: string): string {
  const question = indexOf(q).question.get(code);
  if (question) return question.text;
  const statement = q.variables.find((v) => v.code === code);
  if (statement) return statement.label;
  const block = q.pages.flatMap((p) => p.blocks).find((b) => b.type === 'text' && b.id === code);
  if (block?.type === 'text') return block.text;
  throw new Error(`no element ${code}`);
}

/** "Ja (2), Nee (1), …": the options of a choice question in the order shown, with their codes. */
function optionsOf(q: Questionnaire, code: string): string {
  const question = indexOf(q).question.get(code);
  if (question?.type !== 'single' && question?.type !== 'multi') throw new Error(`${code} has no options`);
  return question.options.map((o) => `${o.label} (${o.value})`).join(', ');
}

const S = 'stappenmeter-doelbereik' as const;
const B = 'breedtescan-ketenmanagers' as const;
const text = (code: string) => (q: Questionnaire) => textOf(q, code);
const options = (code: string) => (q: Questionnaire) => optionsOf(q, code);
const help = (code: string) => (q: Questionnaire) => indexOf(q).question.get(code)?.help ?? '';

export const deviations: Deviation[] = [
  { instrument: S, code: 'intro', printed: 'en is volledig anoniem, tenzij u uw naam invult bij de laatste vraag', now: 'zal circa 10 minuten duren.', text: (q) => q.intro },
  { instrument: S, code: 'Q2 opties', printed: 'Geclusterd volwassenen overleg (3)', now: 'Geclusterd volwassenenoverleg (3)', text: options('Q2') },
  { instrument: S, code: 'Q2 opties', printed: 'High impact criminelen overleg (4)', now: 'Overleg high-impactcriminelen (4)', text: options('Q2') },
  { instrument: S, code: 'Q3 opties', printed: 'Gemeente ambtenaar (1)', now: 'Gemeenteambtenaar (1)', text: options('Q3') },
  { instrument: S, code: 'Q3 opties', printed: 'OM medewerker (3)', now: 'OM-medewerker (3)', text: options('Q3') },
  { instrument: S, code: 'Q63', printed: 'in de afgelopen 3 maanden', now: 'in de afgelopen 3 maanden?', end: true, text: text('Q63') },
  { instrument: S, code: 'Q13_3', printed: 'per organisatie zitten', now: 'Per organisatie zitten', text: text('Q13_3') },
  { instrument: S, code: 'Q29', printed: 'contact (via email)', now: 'contact (via e-mail)', text: text('Q29') },
  { instrument: S, code: 'Q29 opties', printed: 'ja (1), nee (2)', now: 'Ja (1), Nee (2)', text: options('Q29') },
  { instrument: B, code: 'Q1', printed: 'Van welk veiligheidshuis ben u', now: 'Van welk veiligheidshuis bent u', text: text('Q1') },
  { instrument: B, code: 'Q2 opties', printed: 'Nee (1), Ja (2)', now: 'Ja (2), Nee (1)', text: options('Q2') },
  { instrument: B, code: 'Q4 opties', printed: 'Anders, namelijk (3)', now: 'Anders (3)', text: options('Q4') },
  { instrument: B, code: 'Q6 opties', printed: 'Anders, namelijk (3)', now: 'Anders (3)', text: options('Q6') },
  { instrument: B, code: 'Q7 opties', printed: 'Anders, namelijk (4)', now: 'Anders (4)', text: options('Q7') },
  { instrument: B, code: 'Q8', printed: '(meerdere antwoorden mogelijk)', now: 'agenda’s van andere gremia en organisaties?', text: text('Q8') },
  { instrument: B, code: 'Q9 toelichting', printed: 'Nb: leeg laten indien niet van toepassing', now: 'NB: leeg laten indien niet van toepassing.', text: help('Q9') },
  { instrument: B, code: 'Q10', printed: 'samenwerking in het veiligheidshuis', now: 'samenwerking in het veiligheidshuis?', end: true, text: text('Q10') },
  { instrument: B, code: 'Q11', printed: 'casuïstiek voor het veiligheidshuis', now: 'casuïstiek voor het veiligheidshuis?', end: true, text: text('Q11') },
  { instrument: B, code: 'Q12 opties', printed: 'Nee (1), Deels (2), Ja (3)', now: 'Ja (3), Deels (2), Nee (1)', text: options('Q12') },
  { instrument: B, code: 'Q14 toelichting', printed: '(meerdere antwoorden mogelijk)', now: '', text: help('Q14') },
  { instrument: B, code: 'Q14 opties', printed: 'Andere taken/doelgroepen, namelijk (3)', now: 'Andere taken/doelgroepen (3)', text: options('Q14') },
  { instrument: B, code: 'Q17', printed: 'Kun je in één zin', now: 'Kunt u in één zin', text: text('Q17') },
  { instrument: B, code: 'Q19', printed: 'verdeling van aangedragen casus is per organisatie', now: 'verdeling van de aangedragen casussen per organisatie is', text: text('Q19') },
  { instrument: B, code: 'Q22', printed: 'besproken? (vul een percentage in aub)?', now: 'aangedragen en besproken?', text: text('Q22') },
  { instrument: B, code: 'Q22 toelichting', printed: '(vul een percentage in aub)', now: 'Vul een percentage in.', text: help('Q22') },
  { instrument: B, code: 'Q27', printed: 'sociale wijkteams, et cetera)', now: 'sociale wijkteams, et cetera)?', end: true, text: text('Q27') },
  { instrument: B, code: 'Q27 opties', printed: 'Nee (1), Ja (2)', now: 'Ja (2), Nee (1)', text: options('Q27') },
  { instrument: B, code: 'Q28', printed: '(maximaal 3 noemen aub)', now: 'wie welke casuïstiek oppakt?', text: text('Q28') },
  { instrument: B, code: 'Q30', printed: '(meerdere antwoorden mogelijk)', now: 'Welke partij(en) is/zijn dit?', text: text('Q30') },
  { instrument: B, code: 'Q30 opties', printed: 'Anders, namelijk (9)', now: 'Anders (9)', text: options('Q30') },
  { instrument: B, code: 'intro_zin', printed: 'tot slot in de volgende zin afmaken', now: 'tot slot de volgende zin afmaken', text: text('intro_zin') },
  { instrument: B, code: 'slotpagina', printed: 'Dank u wel voor uw deelname', now: 'Tot slot', text: (q) => q.pages.at(-1)?.title ?? '' },
  { instrument: B, code: 'dank', printed: 'Hartelijk bedankt voor uw medewerking.', now: 'Dit waren alle vragen.', text: text('dank') },
  { instrument: B, code: 'afsluiting', printed: '(op de slotpagina)', now: 'U wordt te zijner tijd door onze opdrachtgever WODC geïnformeerd', text: (q) => q.closing },
];

describe('deviations from the printed source', () => {
  const loaded = { [S]: load(S).q, [B]: load(B).q };
  it.each(deviations)('$instrument $code: “$printed” → “$now”', (d) => {
    const current = d.text(loaded[d.instrument]);
    if (d.now === '') expect(current).toBe('');
    else expect(current).toContain(d.now);
    if (d.end) expect(current.endsWith(d.printed)).toBe(false);
    else expect(current).not.toContain(d.printed);
  });

  it('keeps every code: the same questions, statements, options and variables as before the deviations', () => {
    expect(loaded[S].variables.map((v) => v.code)).toHaveLength(56);
    expect(loaded[B].variables.map((v) => v.code)).toHaveLength(76);
    expect(optionsOf(loaded[B], 'Q2')).toBe('Ja (2), Nee (1), Er is geen getekend samenwerkingsconvenant (3)');
    // routing still reads the codes: Q3 follows "Ja", which kept code 2
    expect(route(loaded[B], { Q2: 2 }).shown.has('Q3')).toBe(true);
    expect(route(loaded[B], { Q2: 1 }).shown.has('Q3')).toBe(false);
  });

  it('are all listed in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const d of deviations) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${d.instrument === S ? 'Stappenmeter' : 'Breedtescan'} | ${d.code} |`) && line.includes(d.printed));
      expect(row, `${d.instrument} ${d.code}`).toBeDefined();
      expect(row).toContain(d.now === '' ? '(weg)' : d.now);
    }
  });
});
