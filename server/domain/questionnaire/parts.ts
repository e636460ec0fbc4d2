/**
 * The building blocks of the questionnaire format that every question type's schema shares: codes,
 * answer options, showIf conditions and the fields every question has.
 */
import { z } from 'zod';
import { MAX_CONDITION_PARTS, MAX_IN_VALUES } from './conditionLimits.js';

export const codeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'een code begint met een letter en bevat alleen letters, cijfers en _ (geen spaties of streepjes)')
  .describe('Vaste code van een vraag, stelling of onderdeel; wordt de variabelenaam in exports');

export const textSchema = z.string().min(1);

/** One answer option: its numeric code is what is stored and exported. */
export const optionSchema = z
  .object({
    value: z.number().int().describe('Antwoordcode (geheel getal) zoals opgeslagen en geëxporteerd'),
    label: textSchema.describe('De tekst van de optie zoals de respondent haar ziet'),
    missing: z.boolean().optional().describe('Een opgegeven ontbrekende waarde zoals "weet niet" of "geen oordeel": nooit een schaalpunt'),
    exclusive: z.boolean().optional().describe('Meerkeuzevraag: wie deze optie kiest, kan geen andere kiezen (bijvoorbeeld "Geen afstemming")'),
    other: z.boolean().optional().describe('Bij deze optie volgt een tekstveld ("anders, namelijk")'),
    otherLabel: z.string().optional().describe('Label van het tekstveld bij een optie "anders"'),
    meaning: z.number().optional().describe('Wat de optie betekent als getal (bijvoorbeeld het aantal keer aanwezig), gebruikt voor klassen in plaats van de code'),
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
    q: codeSchema.describe('Code van een eerder beantwoorde vraag, stelling of onderdeel'),
    equals: z.union([z.number(), z.string()]).optional(),
    notEquals: z.union([z.number(), z.string()]).optional(),
    in: z.array(z.union([z.number(), z.string()])).min(1).max(MAX_IN_VALUES).optional(),
    includes: z.number().int().optional().describe('Meerkeuzevraag: de optie met deze code is gekozen'),
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
  text: textSchema.describe('De vraag zoals de respondent haar ziet'),
  help: z.string().optional().describe('Toelichting onder de vraag'),
  required: z.boolean().default(false).describe('Verplicht: zonder antwoord kan de respondent niet verder (standaard niet verplicht)'),
  showIf: conditionSchema.optional().describe('Alleen tonen als deze voorwaarde op eerdere antwoorden klopt'),
  contact: z
    .boolean()
    .optional()
    .describe('Contactvraag (naam, e-mail): apart van de respons opgeslagen, nooit eraan gekoppeld'),
};
