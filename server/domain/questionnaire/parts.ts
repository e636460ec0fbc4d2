/**
 * The building blocks of the questionnaire format that every question type's schema shares: codes,
 * answer options, showIf conditions and the fields every question has.
 */
import { z } from 'zod';
import { MAX_CONDITION_PARTS, MAX_IN_VALUES } from './conditionLimits.js';

export const codeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'een code begint met een letter en bevat alleen letters, cijfers en _ (geen spaties of streepjes)')
  .describe('Stable code of a question, statement or item; becomes the variable name in exports');

export const textSchema = z.string().min(1);

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

/** The comparison operators of a condition on one question; a comparison has exactly one. */
export const comparisonOps = ['equals', 'notEquals', 'in', 'includes', 'gt', 'gte', 'lt', 'lte', 'answered'] as const;

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
    in: z.array(z.union([z.number(), z.string()])).min(1).max(MAX_IN_VALUES).optional(),
    includes: z.number().int().optional().describe('Multiple choice: the option with this code is selected'),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    answered: z.boolean().optional(),
  })
  .strict()
  .refine((c) => comparisonOps.filter((op) => c[op] !== undefined).length === 1, {
    message: `een voorwaarde op een vraag heeft precies één van: ${comparisonOps.map((op) => JSON.stringify(op)).join(', ')}`,
  });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() => conditionUnion);

/** The forms a condition takes, in this order; the fault messages name the form a faulty condition comes closest to. */
export const conditionUnion = z.union([
  comparisonSchema,
  z.object({ all: z.array(conditionSchema).min(1).max(MAX_CONDITION_PARTS) }).strict(),
  z.object({ any: z.array(conditionSchema).min(1).max(MAX_CONDITION_PARTS) }).strict(),
  z.object({ not: conditionSchema }).strict(),
]);

export const questionBase = {
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
