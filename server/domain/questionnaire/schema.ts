/**
 * The questionnaire format: the zod schema researchers write JSON against. The shared building
 * blocks (codes, options, conditions) are in parts.ts, each question type's schema in
 * types/<type>/schema.ts, joined into one union in types/union.ts.
 * The committed JSON Schema (questionnaires/questionnaire.schema.json) is generated from these.
 * Cross-reference checks (duplicate codes, routing to unknown questions, …) live in lint.ts.
 */
import { z } from 'zod';
import { codeSchema, conditionSchema, optionSchema, textSchema } from './parts.js';
import { questionSchemas, type Question } from './types/union.js';

export type { Condition, Option } from './parts.js';
export { codeSchema, comparisonSchema, conditionSchema, optionSchema } from './parts.js';
export type { Question, QuestionOf, QuestionType } from './types/union.js';
export { questionSchema } from './types/union.js';
export type { ConstantSumQuestion } from './types/constantSum/schema.js';
export type { EmailQuestion } from './types/email/schema.js';
export type { LikertQuestion } from './types/likert/schema.js';
export type { ListQuestion } from './types/list/schema.js';
export type { MultiQuestion } from './types/multi/schema.js';
export type { NumberQuestion } from './types/number/schema.js';
export type { OpenQuestion } from './types/open/schema.js';
export type { SingleQuestion } from './types/single/schema.js';
export type { YesNoQuestion } from './types/yesno/schema.js';

export const textBlockSchema = z
  .object({
    type: z.literal('text'),
    id: codeSchema.optional(),
    title: z.string().optional().describe('Kop boven de tekst'),
    text: textSchema.describe('Tekst zonder vraag, zoals een toelichting of een overgang naar een nieuw onderdeel'),
    showIf: conditionSchema.optional().describe('Alleen tonen als deze voorwaarde op eerdere antwoorden klopt'),
  })
  .strict()
  .describe('Een tekstblok: tekst zonder vraag');

export const blockSchema = z.discriminatedUnion('type', [textBlockSchema, ...questionSchemas]);

export const pageSchema = z
  .object({
    id: codeSchema.describe('Vaste code van de pagina'),
    title: z.string().optional().describe('Kop van de pagina'),
    showIf: conditionSchema.optional().describe('De pagina alleen tonen als deze voorwaarde op eerdere antwoorden klopt; anders wordt ze overgeslagen'),
    blocks: z.array(blockSchema).min(1).describe('Vragen en tekstblokken van de pagina, op volgorde'),
  })
  .strict()
  .describe('Eén pagina van de vragenlijst');

export const aspectSchema = z
  .object({
    id: codeSchema.describe('Vaste code van het aspect'),
    label: textSchema.describe('Naam van het aspect in rapporten, zoals "Voorbereiding"'),
    items: z.array(codeSchema).min(1).describe('Codes van de stellingen van dit aspect, op volgorde'),
    minAnswered: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Aantal beantwoorde stellingen dat nodig is voor de aspectscore van een respondent; standaard de helft van de stellingen, naar boven afgerond"),
  })
  .strict();

export const bandSchema = z
  .object({
    label: textSchema.describe('Naam van de klasse in tabellen, zoals "1 tot 5 keer"'),
    min: z.number().optional().describe('Ondergrens (inclusief) van de betekenis van de optie (of van het getal)'),
    max: z.number().optional().describe('Bovengrens (inclusief)'),
  })
  .strict();

export const backgroundSchema = z
  .object({
    id: codeSchema.describe('Vaste code van het achtergrondkenmerk'),
    label: textSchema.describe('Naam van het kenmerk in uitsplitsingen, zoals "Organisatie"'),
    question: codeSchema.describe('Code van een vraag met één antwoord, een ja/nee-vraag of een getalvraag'),
    bands: z.array(bandSchema).min(1).optional().describe('Antwoorden in klassen indelen naar wat een optie betekent, niet naar haar code'),
  })
  .strict();

const mailText = (what: string) => textSchema.describe(`${what}: een Eta-sjabloon met de invulvelden van de teksten van een ronde (it.name, it.link, it.closeDate, it.house, it.optOutLink, it.senderName)`);

export const mailTextsSchema = z
  .object({
    invitationSubject: mailText('Onderwerp van de uitnodiging (één regel)'),
    invitation: mailText('De uitnodiging; moet it.link en it.optOutLink bevatten'),
    reminderSubject: mailText('Onderwerp van een herinnering (één regel)'),
    reminder: mailText('Een herinnering; moet it.link en it.optOutLink bevatten'),
    invitationConfidential: mailText('De uitnodiging voor een ronde die niet anoniem is (standaard: `invitation`)').optional(),
    reminderConfidential: mailText('Een herinnering voor een ronde die niet anoniem is (standaard: `reminder`)').optional(),
  })
  .strict()
  .describe('De uitnodigings- en herinneringsteksten waarmee een nieuwe ronde van deze vragenlijst begint (anders de standaardteksten van het platform)');

export const completionSchema = z
  .object({
    minAspectsScored: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Aantal aspecten met een score (genoeg beantwoorde stellingen, zie aspects[].minAnswered) dat nodig is voor een volledige respons'),
    minAnswered: z
      .object({
        items: z.array(codeSchema).min(1).describe('Codes van vragen, stellingen of onderdelen; een ervan telt als beantwoord als er een antwoord is (ook een opgegeven ontbrekend antwoord)'),
        count: z.number().int().min(1).describe('Hoeveel ervan beantwoord moeten zijn'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => c.minAspectsScored !== undefined || c.minAnswered !== undefined, {
    message: '"completion" heeft "minAspectsScored", "minAnswered" of allebei nodig',
  });

export const repeatSchema = z
  .object({
    enabled: z.boolean().describe('Herhalen aan (true) of uit (false)'),
    prompt: z.string().default('Wilt u de vragenlijst ook invullen voor een ander overleg?').describe('De vraag na het verzenden of de respondent nog een keer wil invullen'),
    maxResponses: z.number().int().min(2).max(20).default(5).describe('Hoeveel responsen één uitnodiging ten hoogste geeft'),
    noun: z.string().min(1).default('overleg').describe('Waar één respons over gaat, zoals in "U vult de vragenlijst nu in voor een tweede overleg"'),
    target: codeSchema
      .optional()
      .describe('De vraag met één antwoord die noemt waar een respons over gaat (het overleg): opties uit een eerdere respons zijn gemarkeerd en niet opnieuw te kiezen (de optie "anders" wel)'),
    carryOver: z
      .array(codeSchema)
      .default([])
      .describe('Vragen over de persoon en niet over het overleg (functie, aanwezigheid), in de volgende respons opnieuw ingevuld; in een anonieme ronde alleen binnen dezelfde browsersessie'),
  })
  .strict();

export const questionnaireSchema = z
  .object({
    $schema: z.string().optional().describe('Verwijzing naar dit schema, voor editors'),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'een id bevat alleen kleine letters, cijfers en - (en begint niet met -)')
      .describe('Vaste naam van de vragenlijst in kleine letters, zoals "stappenmeter"; blijft gelijk over versies'),
    version: z.string().min(1).describe('Versie, zoals "2026.1"; een versie die een ronde gebruikt, verandert nooit meer'),
    title: textSchema.describe('Titel zoals respondenten en onderzoekers hem zien'),
    language: z.string().default('nl').describe('Taal van de teksten (standaard "nl")'),
    intro: z.string().default('').describe('Tekst op de eerste pagina, boven de vragen'),
    closing: z.string().default('Hartelijk dank voor het invullen van de vragenlijst.').describe('Tekst na het verzenden'),
    estimatedMinutes: z.number().int().positive().optional().describe('Geschatte invultijd in minuten, genoemd op de eerste pagina'),
    answerScales: z
      .record(z.string(), z.array(optionSchema).min(2))
      .default({})
      .describe('Antwoordschalen met een naam, die stellingen met "scale" gebruiken'),
    pages: z.array(pageSchema).min(1).describe('De pagina\'s van de vragenlijst, op volgorde'),
    aspects: z.array(aspectSchema).default([]).describe('Aspecten: groepen stellingen met een score, een gemiddelde en Cronbachs alfa'),
    background: z.array(backgroundSchema).default([]).describe('Achtergrondkenmerken waarnaar de resultaten worden uitgesplitst'),
    completion: completionSchema
      .optional()
      .describe('Wanneer een verzonden respons volledig is (AAPOR 1.1) in plaats van gedeeltelijk (1.2); zonder deze regel is elke verzonden respons volledig'),
    repeat: repeatSchema.optional().describe('Een respondent met dezelfde uitnodiging nog eens laten antwoorden over een ander overleg'),
    mailTexts: mailTextsSchema.optional(),
  })
  .strict();

export type QuestionnaireInput = z.input<typeof questionnaireSchema>;
export type QuestionnaireFile = z.output<typeof questionnaireSchema>;
export type Page = z.output<typeof pageSchema>;
export type Block = z.output<typeof blockSchema>;
export type TextBlock = z.output<typeof textBlockSchema>;
export type Aspect = z.output<typeof aspectSchema>;
export type BackgroundVariable = z.output<typeof backgroundSchema>;
export type Band = z.output<typeof bandSchema>;
export type Completion = z.output<typeof completionSchema>;
export type Repeat = z.output<typeof repeatSchema>;
export type MailTexts = z.output<typeof mailTextsSchema>;

/** Whether a block is a question (not a text block). */
export function isQuestion(block: Block): block is Question {
  return block.type !== 'text';
}
