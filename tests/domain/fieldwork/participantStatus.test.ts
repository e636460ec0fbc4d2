import { describe, expect, it } from 'vitest';
import { participantStatus } from '../../../server/domain/fieldwork/participantStatus.js';

const base = { eligible: 1 as const, opted_out_at: null, bounced_at: null, invitation_status: 'invited' as const };

describe('participantStatus', () => {
  it('gives one status by precedence', () => {
    expect(participantStatus(base)).toBe('niet begonnen');
    expect(participantStatus({ ...base, invitation_status: 'started' })).toBe('gestart');
    expect(participantStatus({ ...base, invitation_status: 'completed', opted_out_at: '2026-11-30' })).toBe('voltooid');
    expect(participantStatus({ ...base, invitation_status: 'started', opted_out_at: '2026-11-30' })).toBe('afgemeld');
    expect(participantStatus({ ...base, bounced_at: '2026-11-30' })).toBe('bounced');
    expect(participantStatus({ ...base, eligible: 0, invitation_status: 'completed' })).toBe('niet in aanmerking');
  });
});
