import { z } from 'zod';
import { optionSchema, questionBase } from '../../parts.js';

export const numberSchema = z
  .object({
    type: z.literal('number'),
    ...questionBase,
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
    unit: z.string().optional().describe('Getoond achter het invulveld, bijvoorbeeld "%"'),
    dontKnow: optionSchema.optional().describe('Een antwoord "weet niet": een opgegeven ontbrekende waarde'),
  })
  .strict();

export type NumberQuestion = z.output<typeof numberSchema>;
