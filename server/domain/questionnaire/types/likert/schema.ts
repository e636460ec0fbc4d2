import { z } from 'zod';
import { codeSchema, optionSchema, questionBase, textSchema } from '../../parts.js';

export const statementSchema = z
  .object({
    code: codeSchema,
    text: textSchema,
    reverse: z.boolean().optional().describe('Omgekeerd gesteld: omgecodeerd (min + max − waarde) vóór elke schaalberekening'),
  })
  .strict();

const scaleRef = z
  .union([z.string(), z.array(optionSchema).min(2)])
  .describe('De antwoordschaal: de opties zelf, of de naam van een schaal in answerScales');

export const likertSchema = z
  .object({
    type: z.literal('likert'),
    ...questionBase,
    text: z.string().default(''),
    scale: scaleRef,
    missing: z
      .array(optionSchema)
      .default([])
      .describe('Extra antwoordkolommen zoals "geen oordeel": opgegeven ontbrekende waarden, nooit een schaalpunt'),
    statements: z.array(statementSchema).min(1).describe('De stellingen, elk met een eigen code, op volgorde'),
  })
  .strict();

export type LikertQuestion = z.output<typeof likertSchema>;
