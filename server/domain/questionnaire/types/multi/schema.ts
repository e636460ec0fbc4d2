import { z } from 'zod';
import { optionSchema, questionBase } from '../../parts.js';

export const multiSchema = z
  .object({
    type: z.literal('multi'),
    ...questionBase,
    options: z.array(optionSchema).min(2),
    min: z.number().int().min(0).optional().describe('Minimaal aantal gekozen opties als de vraag beantwoord is'),
    max: z.number().int().min(1).optional().describe('Maximaal aantal gekozen opties'),
  })
  .strict();

export type MultiQuestion = z.output<typeof multiSchema>;
