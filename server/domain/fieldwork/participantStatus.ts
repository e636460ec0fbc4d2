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
