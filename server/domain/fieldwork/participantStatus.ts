/**
 * What the participant list shows per person, in Dutch, from the participant and its invitation.
 * "Uitgenodigd" is not one of them: on every page it means everyone on the wave's list (the base of
 * the response rate), so a person who has not started yet is "niet begonnen".
 */
export type ParticipantStatus = 'niet begonnen' | 'gestart' | 'voltooid' | 'afgemeld' | 'bounced' | 'niet in aanmerking';

export const participantStatuses: readonly ParticipantStatus[] = ['niet begonnen', 'gestart', 'voltooid', 'afgemeld', 'bounced', 'niet in aanmerking'];

/**
 * One status per participant. Ineligibility overrides everything (the person is out of the base);
 * a completed questionnaire counts even if the person opted out or bounced afterwards.
 */
export function participantStatus(p: {
  eligible: 0 | 1;
  opted_out_at: string | null;
  bounced_at: string | null;
  invitation_status: 'invited' | 'started' | 'completed' | null;
}): ParticipantStatus {
  if (p.eligible === 0) return 'niet in aanmerking';
  if (p.invitation_status === 'completed') return 'voltooid';
  if (p.opted_out_at) return 'afgemeld';
  if (p.bounced_at) return 'bounced';
  if (p.invitation_status === 'started') return 'gestart';
  return 'niet begonnen';
}

/**
 * The status the admin pages show for one person. In an anonymous wave whether someone started or
 * finished is never shown per person, only counted: with it, a new row in the data (or a changed
 * table) could be matched to whoever just turned "voltooid". What the researcher set or the mail
 * reported (niet in aanmerking, afgemeld, bounced) is still shown; otherwise null. (The server itself
 * still stops reminders to those who finished.)
 */
export function shownParticipantStatus(p: Parameters<typeof participantStatus>[0], anonymous: boolean): ParticipantStatus | null {
  if (!anonymous) return participantStatus(p);
  if (p.eligible === 0) return 'niet in aanmerking';
  if (p.opted_out_at) return 'afgemeld';
  if (p.bounced_at) return 'bounced';
  return null;
}
