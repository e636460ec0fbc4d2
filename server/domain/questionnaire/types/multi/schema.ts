import { z } from 'zod';
import { optionSchema, questionBase } from '../../parts.js';

export const multiSchema = z
  .object({
    type: z.literal('multi'),
    ...questionBase,
    options: z.array(optionSchema).min(2),
    min: z.number().int().min(0).optional().describe('Minimum number of selections when answered'),
    max: z.number().int().min(1).optional().describe('Maximum number of selections'),
  })
  .strict();

export type MultiQuestion = z.output<typeof multiSchema>;
