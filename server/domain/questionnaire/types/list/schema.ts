import { z } from 'zod';
import { questionBase } from '../../parts.js';

export const listSchema = z
  .object({
    type: z.literal('list'),
    ...questionBase,
    maxEntries: z.number().int().min(1).max(50),
    minEntries: z.number().int().min(0).default(0),
    maxLength: z.number().int().min(1).max(2000).default(500),
  })
  .strict();

export type ListQuestion = z.output<typeof listSchema>;
