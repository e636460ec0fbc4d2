/**
 * When invitations and reminders fall due, and who gets one. Jobs are planned ahead (an invitation
 * at the wave's opening, reminder round i a fixed number of days after the person's own invitation
 * went out), but whether a person is still written to is decided only at the moment of sending.
 */
import { z } from 'zod';

const DAY_MS = 24 * 3600 * 1000;

export type MailKind = 'invitation' | 'reminder';

const reminderDaysSchema = z.array(z.number().positive().max(365)).max(10);

/** The wave's reminder days (JSON array, days after the invitation), sorted; throws on malformed JSON. */
export function parseReminderDays(json: string): number[] {
  return [...reminderDaysSchema.parse(JSON.parse(json))].sort((a, b) => a - b);
}

export interface ScheduledReminder {
  /** 1 for the first reminder. */
  round: number;
  dueAt: Date;
}

/**
 * The reminder rounds for a person whose invitation was handed over at `invitationSentAt`: round i
 * falls `reminderDays[i-1]` days later and exists only when that is before the wave closes (a
 * reminder after closing would invite to a closed questionnaire).
 */
export function reminderSchedule(reminderDays: readonly number[], invitationSentAt: Date, closesAt: Date): ScheduledReminder[] {
  const schedule: ScheduledReminder[] = [];
  reminderDays.forEach((days, i) => {
    const dueAt = new Date(invitationSentAt.getTime() + days * DAY_MS);
    if (dueAt.getTime() < closesAt.getTime()) schedule.push({ round: i + 1, dueAt });
  });
  return schedule;
}

/** What is known about a person at the moment a message to them is due. */
export interface Addressee {
  eligible: boolean;
  optedOut: boolean;
  bounced: boolean;
  /** Their invitation is completed (at least one full response). */
  completed: boolean;
}

export type SkipReason = 'ineligible' | 'opted-out' | 'bounced' | 'completed';

export type SendDecision = { send: true } | { send: false; reason: SkipReason };

/** Dutch explanation of a skip, shown in the job overview. */
export const skipReasonLabels: Record<SkipReason, string> = {
  ineligible: 'niet tot de doelgroep gerekend',
  'opted-out': 'afgemeld',
  bounced: 'e-mailadres onbereikbaar (bounce)',
  completed: 'heeft de vragenlijst al ingevuld',
};

/**
 * Whether a due message still goes out. Nobody who opted out, bounced or was found ineligible gets
 * mail; someone who already completed gets neither a reminder nor a late invitation.
 */
export function sendDecision(person: Addressee): SendDecision {
  if (!person.eligible) return { send: false, reason: 'ineligible' };
  if (person.optedOut) return { send: false, reason: 'opted-out' };
  if (person.bounced) return { send: false, reason: 'bounced' };
  if (person.completed) return { send: false, reason: 'completed' };
  return { send: true };
}
