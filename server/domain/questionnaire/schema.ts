/**
 * The questionnaire format: the zod schema researchers write JSON against.
 * The committed JSON Schema (questionnaires/questionnaire.schema.json) is generated from this file.
 * Cross-reference checks (duplicate codes, routing to unknown questions, …) live in lint.ts.
 */
import { z } from 'zod';

export const codeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a code starts with a letter and has only letters, digits and _')
  .describe('Stable code of a question, statement or item; becomes the variable name in exports');

const textSchema = z.string().min(1);

/** One answer option: its numeric code is what is stored and exported. */
export const optionSchema = z
  .object({
    value: z.number().int().describe('Numeric answer code as stored and exported'),
    label: textSchema,
    missing: z.boolean().optional().describe('A declared missing value such as "weet niet" or "geen oordeel": never a scale point'),
    exclusive: z.boolean().optional().describe('Multiple choice: selecting this option excludes all others (e.g. "Geen afstemming")'),
    other: z.boolean().optional().describe('Selecting this option asks for a text ("anders, namelijk")'),
    otherLabel: z.string().optional().describe('Label of the text field of an "other" option'),
    meaning: z.number().optional().describe('What the option means as a number (e.g. attendance count), used for bands instead of the code'),
  })
  .strict();
export type Option = z.infer<typeof optionSchema>;

const comparisonOps = ['equals', 'notEquals', 'in', 'includes', 'gt', 'gte', 'lt', 'lte', 'answered'] as const;

export type Condition =
  | {
      q: string;
      equals?: number | string;
      notEquals?: number | string;
      in?: Array<number | string>;
      includes?: number;
      gt?: number;
      gte?: number;
      lt?: number;
      lte?: number;
      answered?: boolean;
    }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const comparisonSchema = z
  .object({
    q: codeSchema.describe('Code of a question, statement or item answered earlier'),
    equals: z.union([z.number(), z.string()]).optional(),
    notEquals: z.union([z.number(), z.string()]).optional(),
    in: z.array(z.union([z.number(), z.string()])).min(1).optional(),
    includes: z.number().int().optional().describe('Multiple choice: the option with this code is selected'),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    answered: z.boolean().optional(),
  })
  .strict()
  .refine((c) => comparisonOps.filter((op) => c[op] !== undefined).length === 1, {
    message: `a condition on a question needs exactly one of: ${comparisonOps.join(', ')}`,
  });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    comparisonSchema,
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

const questionBase = {
  code: codeSchema,
  text: textSchema.describe('The question as shown to the respondent'),
  help: z.string().optional().describe('Explanation shown under the question'),
  required: z.boolean().default(false),
  showIf: conditionSchema.optional().describe('Show only when this condition on earlier answers holds'),
  contact: z
    .boolean()
    .optional()
    .describe('Contact question (name, e-mail): stored apart from the response, never linked to it'),
};

export const textBlockSchema = z
  .object({
    type: z.literal('text'),
    id: codeSchema.optional(),
    title: z.string().optional(),
    text: textSchema,
    showIf: conditionSchema.optional(),
  })
  .strict();

export const statementSchema = z
  .object({
    code: codeSchema,
    text: textSchema,
    reverse: z.boolean().optional().describe('Reverse-keyed: recoded (min + max − value) before any scale statistic'),
  })
  .strict();

const scaleRef = z
  .union([z.string(), z.array(optionSchema).min(2)])
  .describe('The answer scale: inline options or the name of an entry in answerScales');

export const likertSchema = z
  .object({
    type: z.literal('likert'),
    ...questionBase,
    text: z.string().default(''),
    scale: scaleRef,
    missing: z
      .array(optionSchema)
      .default([])
      .describe('Extra answer columns such as "geen oordeel": declared missing values, never scale points'),
    statements: z.array(statementSchema).min(1),
  })
  .strict();

export const singleSchema = z
  .object({
    type: z.literal('single'),
    ...questionBase,
    display: z.enum(['radio', 'dropdown']).default('radio'),
    options: z.array(optionSchema).min(2),
  })
  .strict();

export const multiSchema = z
  .object({
    type: z.literal('multi'),
    ...questionBase,
    options: z.array(optionSchema).min(2),
    min: z.number().int().min(0).optional().describe('Minimum number of selections when answered'),
    max: z.number().int().min(1).optional().describe('Maximum number of selections'),
  })
  .strict();

export const openSchema = z
  .object({
    type: z.literal('open'),
    ...questionBase,
    multiline: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(20000).default(2000),
  })
  .strict();

export const listSchema = z
  .object({
    type: z.literal('list'),
    ...questionBase,
    maxEntries: z.number().int().min(1).max(50),
    minEntries: z.number().int().min(0).default(0),
    maxLength: z.number().int().min(1).max(2000).default(500),
  })
  .strict();

export const numberSchema = z
  .object({
    type: z.literal('number'),
    ...questionBase,
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
    unit: z.string().optional().describe('Shown after the field, e.g. "%"'),
    dontKnow: optionSchema.optional().describe('A "weet niet" answer: a declared missing value'),
  })
  .strict();

export const constantSumSchema = z
  .object({
    type: z.literal('constantSum'),
    ...questionBase,
    total: z.number().positive().describe('The items must add up to exactly this value'),
    unit: z.string().optional(),
    integer: z.boolean().default(true),
    items: z.array(z.object({ code: codeSchema, label: textSchema }).strict()).min(2),
  })
  .strict();

export const emailSchema = z.object({ type: z.literal('email'), ...questionBase }).strict();

export const yesNoSchema = z
  .object({
    type: z.literal('yesno'),
    ...questionBase,
    yesLabel: z.string().default('Ja'),
    noLabel: z.string().default('Nee'),
  })
  .strict()
  .describe('Stored as 1 = yes, 0 = no');

const questionSchemas = [
  likertSchema,
  singleSchema,
  multiSchema,
  openSchema,
  listSchema,
  numberSchema,
  constantSumSchema,
  emailSchema,
  yesNoSchema,
] as const;

export const questionSchema = z.discriminatedUnion('type', [...questionSchemas]);
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
    repeat: z
      .object({
        enabled: z.boolean(),
        prompt: z.string().default('Wilt u de vragenlijst ook invullen voor een ander overleg?'),
        maxResponses: z.number().int().min(2).max(20).default(5),
      })
      .strict()
      .optional()
      .describe('Let a respondent answer again for another target under the same invitation'),
  })
  .strict();

export type QuestionnaireInput = z.input<typeof questionnaireSchema>;
export type QuestionnaireFile = z.output<typeof questionnaireSchema>;
export type Page = z.output<typeof pageSchema>;
export type Block = z.output<typeof blockSchema>;
export type Question = z.output<typeof questionSchema>;
export type QuestionType = Question['type'];
export type LikertQuestion = z.output<typeof likertSchema>;
export type SingleQuestion = z.output<typeof singleSchema>;
export type MultiQuestion = z.output<typeof multiSchema>;
export type OpenQuestion = z.output<typeof openSchema>;
export type ListQuestion = z.output<typeof listSchema>;
export type NumberQuestion = z.output<typeof numberSchema>;
export type ConstantSumQuestion = z.output<typeof constantSumSchema>;
export type EmailQuestion = z.output<typeof emailSchema>;
export type YesNoQuestion = z.output<typeof yesNoSchema>;
export type TextBlock = z.output<typeof textBlockSchema>;
export type Aspect = z.output<typeof aspectSchema>;
export type BackgroundVariable = z.output<typeof backgroundSchema>;
export type Band = z.output<typeof bandSchema>;

/** A question type's definition, by its `type` tag. */
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

export function isQuestion(block: Block): block is Question {
  return block.type !== 'text';
}
