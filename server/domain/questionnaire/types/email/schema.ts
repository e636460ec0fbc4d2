import { z } from 'zod';
import { questionBase } from '../../parts.js';

export const emailSchema = z.object({ type: z.literal('email'), ...questionBase }).strict();

export type EmailQuestion = z.output<typeof emailSchema>;
