/**
 * The order open answers are shown in: by a hash of the answer's identity (its random response id and
 * its variable), so the order is random, the same on every reload, and says nothing about when an
 * answer came in. The variable is part of the hash, so one respondent's answers to two questions (or
 * two entries of one list) land at unrelated places: reading two lists side by side pairs nothing.
 */
import { createHash } from 'node:crypto';

/** The sort key of an answer: hex SHA-256 of its variable and response id. */
export function answerOrderKey(responseId: string, variable: string): string {
  return createHash('sha256').update(`open-answer\0${variable}\0${responseId}`).digest('hex');
}

/** The id of an answer in forms and links: response id and variable (codes hold no dot). */
export function answerId(responseId: string, variable: string): string {
  return `${responseId}.${variable}`;
}

/** The response id and variable of an answer id, or null when it is not one. */
export function parseAnswerId(id: string): { responseId: string; variable: string } | null {
  const m = /^([0-9a-f]{32})\.([A-Za-z][A-Za-z0-9_]*)$/.exec(id);
  return m ? { responseId: m[1]!, variable: m[2]! } : null;
}
