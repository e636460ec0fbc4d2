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
    title: z.string().optional(),
    text: textSchema,
    showIf: conditionSchema.optional(),
  })
  .strict();

export const blockSchema = z.discriminatedUnion('type', [textBlockSchema, ...questionSchemas]);

export const pageSchema = z
  .object({
    id: codeSchema,
    title: z.string().optional(),
    showIf: conditionSchema.optional(),
    blocks: z.array(blockSchema).min(1),
  })
  .strict();

export const aspectSchema = z
  .object({
    id: codeSchema,
    label: textSchema,
    items: z.array(codeSchema).min(1).describe('Likert statement codes, in order'),
    minAnswered: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Answered items needed for a respondent's aspect score; default half the items, rounded up"),
  })
  .strict();

export const bandSchema = z
  .object({
    label: textSchema,
    min: z.number().optional().describe('Inclusive lower bound on the option meaning (or number answer)'),
    max: z.number().optional().describe('Inclusive upper bound'),
  })
  .strict();

export const backgroundSchema = z
  .object({
    id: codeSchema,
    label: textSchema,
    question: codeSchema.describe('A single-choice, yes/no or number question'),
    bands: z.array(bandSchema).min(1).optional().describe('Group answers into bands by what an option means, not its code'),
  })
  .strict();

const mailText = (what: string) => textSchema.describe(`${what}: an Eta template with the merge fields of the wave texts (it.name, it.link, it.closeDate, it.house, it.optOutLink, it.senderName)`);

export const mailTextsSchema = z
  .object({
    invitationSubject: mailText('Subject of the invitation (one line)'),
    invitation: mailText('The invitation; must contain it.link and it.optOutLink'),
    reminderSubject: mailText('Subject of a reminder (one line)'),
    reminder: mailText('A reminder; must contain it.link and it.optOutLink'),
    invitationConfidential: mailText('The invitation for a wave that is not anonymous (default: `invitation`)').optional(),
    reminderConfidential: mailText('A reminder for a wave that is not anonymous (default: `reminder`)').optional(),
  })
  .strict()
  .describe('The invitation and reminder texts a new wave of this questionnaire starts with (otherwise the platform\'s defaults)');

export const completionSchema = z
  .object({
    minAspectsScored: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Aspects with a score (enough answered items, see aspects[].minAnswered) needed for a complete response'),
    minAnswered: z
      .object({
        items: z.array(codeSchema).min(1).describe('Question, statement or item codes; one counts as answered when it has an answer (a declared missing answer counts)'),
        count: z.number().int().min(1).describe('How many of them must be answered'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => c.minAspectsScored !== undefined || c.minAnswered !== undefined, {
    message: 'completion needs minAspectsScored, minAnswered or both',
  });

export const repeatSchema = z
  .object({
    enabled: z.boolean(),
    prompt: z.string().default('Wilt u de vragenlijst ook invullen voor een ander overleg?'),
    maxResponses: z.number().int().min(2).max(20).default(5),
    noun: z.string().min(1).default('overleg').describe('What one response is about, as in "U vult de vragenlijst nu in voor een tweede overleg"'),
    target: codeSchema
      .optional()
      .describe('The single-choice question that names what a response is about (the overleg): options answered in an earlier response are marked and cannot be chosen again (its "other" option can)'),
    carryOver: z
      .array(codeSchema)
      .default([])
      .describe('Questions about the person rather than the target (function, attendance), filled in again in the next response; in an anonymous wave only within the same browser session'),
  })
  .strict();

export const questionnaireSchema = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and -'),
    version: z.string().min(1),
    title: textSchema,
    language: z.string().default('nl'),
    intro: z.string().default(''),
    closing: z.string().default('Hartelijk dank voor het invullen van de vragenlijst.'),
    estimatedMinutes: z.number().int().positive().optional(),
    answerScales: z.record(z.string(), z.array(optionSchema).min(2)).default({}),
    pages: z.array(pageSchema).min(1),
    aspects: z.array(aspectSchema).default([]),
    background: z.array(backgroundSchema).default([]),
    completion: completionSchema
      .optional()
      .describe('When a sent response counts as complete (AAPOR 1.1) rather than partial (1.2); without it every sent response is complete'),
    repeat: repeatSchema.optional().describe('Let a respondent answer again for another target under the same invitation'),
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
