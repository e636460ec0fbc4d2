/**
 * What a respondent sent in this browser session, kept in the server's memory only: for the
 * thank-you page's "your answers" and, in an anonymous wave, for a repeat (which overleg was already
 * done, the answers about the person to fill in again). Never in the database: in an anonymous wave
 * nothing stored may link one response to another or to the invitation. Keyed by a random session
 * id (a session cookie scoped to the link) and the link itself; it expires after an hour without use,
 * and at most `capacity` sessions are kept (the oldest go first), so no visitor can make it grow.
 */
import { randomBytes } from 'node:crypto';
import type { Values } from '../domain/questionnaire/variables.js';

export interface SentResponse {
  /** Every answer of the response as sent (contact answers included: they are the respondent's own). */
  values: Values;
  complete: boolean;
}

interface Entry {
  link: string;
  sent: SentResponse[];
  touched: number;
}

export const SENT_ANSWERS_TTL_MS = 60 * 60 * 1000;

export class SentAnswers {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => Date,
    private readonly capacity = 2000,
    private readonly perSession = 20,
  ) {}

  /** Keep a sent response under the session `id` (a new id when it is missing or unknown); returns the id. */
  remember(id: string | undefined, link: string, response: SentResponse): string {
    const entry = this.live(id, link);
    const key = entry && id ? id : randomBytes(16).toString('base64url');
    const sent = [...(entry?.sent ?? []), response].slice(-this.perSession);
    this.entries.delete(key);
    this.entries.set(key, { link, sent, touched: this.now().getTime() });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }

  /** The responses sent in this session on this link, oldest first; [] when unknown or expired. */
  sent(id: string | undefined, link: string): SentResponse[] {
    return this.live(id, link)?.sent ?? [];
  }

  private live(id: string | undefined, link: string): Entry | undefined {
    if (!id) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now().getTime() - entry.touched > SENT_ANSWERS_TTL_MS) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.link === link ? entry : undefined;
  }
}
