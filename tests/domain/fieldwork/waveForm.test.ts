import { describe, expect, it } from 'vitest';
import {
  defaultInvitationSubject,
  defaultInvitationTemplate,
  defaultReminderSubject,
  defaultReminderTemplate,
} from '../../../server/domain/fieldwork/defaultTexts.js';
import { parseReminderDays, parseWaveForm, type WaveFormFields } from '../../../server/domain/fieldwork/waveForm.js';

const now = new Date('2026-11-23T09:00:00Z');
const base: WaveFormFields = {
  title: 'Ronde',
  house: '7',
  opens: '2026-11-24',
  closes: '2026-12-20',
  anonymous: 'on',
  reminders: '7,14,21',
  senderName: 'Team',
  senderEmail: 'Team@Example.org',
  invitationSubject: defaultInvitationSubject,
  invitationTemplate: defaultInvitationTemplate,
  reminderSubject: defaultReminderSubject,
  reminderTemplate: defaultReminderTemplate,
  minCellSize: '',
  retentionDays: '365',
};

describe('parseReminderDays', () => {
  it('reads comma, semicolon or space separated days and sorts them', () => {
    expect(parseReminderDays('7, 14, 21')).toEqual([7, 14, 21]);
    expect(parseReminderDays('21;7 14')).toEqual([7, 14, 21]);
    expect(parseReminderDays('')).toEqual([]);
  });
  it('rejects non-days, duplicates and out-of-range values', () => {
    for (const bad of ['0', '7,7', '366', '7.5', 'zeven', '-1', '1,2,3,4,5,6,7,8,9,10,11']) expect(parseReminderDays(bad), bad).toBeNull();
  });
});

describe('parseWaveForm', () => {
  it('turns form text into stored wave settings', () => {
    const result = parseWaveForm(base, { now, isNew: true });
    expect(result).toMatchObject({
      ok: true,
      value: {
        opens_at: '2026-11-23T23:00:00.000Z',
        closes_at: '2026-12-20T22:59:59.999Z',
        anonymous: 1,
        allow_edit: 0,
        reminder_days: '[7,14,21]',
        sender_email: 'team@example.org',
        min_cell_size: 5,
        retention_days: 365,
        house_id: 7,
      },
    });
  });

  it('asks for a house by its id', () => {
    for (const house of ['', 'Veiligheidshuis Twente', '-1', '1.5', '1'.repeat(13)]) {
      expect(parseWaveForm({ ...base, house }, { now, isNew: true }), house).toEqual({ ok: false, errors: { house: 'Kies een Veiligheidshuis.' } });
    }
  });

  it('keeps a locked anonymity whatever the form says', () => {
    const result = parseWaveForm({ ...base, anonymous: '' }, { now, isNew: false, lockedAnonymous: 1 });
    expect(result.ok && result.value.anonymous).toBe(1);
  });

  it('names each faulty field', () => {
    const result = parseWaveForm(
      { ...base, title: ' ', opens: '2026-02-30', closes: 'morgen', anonymous: 'on', allowEdit: 'on', senderEmail: 'x', minCellSize: '0', retentionDays: 'een jaar', reminderSubject: 'a\nb' },
      { now, isNew: true },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['allowEdit', 'closes', 'minCellSize', 'opens', 'reminderSubject', 'retentionDays', 'senderEmail', 'title']);
  });

  it('refuses a new wave that has already closed', () => {
    const result = parseWaveForm({ ...base, opens: '2026-10-01', closes: '2026-11-01' }, { now, isNew: true });
    expect(result).toEqual({ ok: false, errors: { closes: 'De sluitingsdatum ligt in het verleden.' } });
  });
});

describe('default texts and anonymity', () => {
  it('swaps an unedited default text for the variant matching the wave, leaves edited texts alone', async () => {
    const { defaultConfidentialInvitationTemplate, defaultConfidentialReminderTemplate } = await import('../../../server/domain/fieldwork/defaultTexts.js');
    const open = parseWaveForm({ ...base, anonymous: '' }, { now, isNew: true });
    expect(open.ok && open.value.invitation_template).toBe(defaultConfidentialInvitationTemplate);
    expect(open.ok && open.value.reminder_template).toBe(defaultConfidentialReminderTemplate);
    expect(defaultConfidentialInvitationTemplate).not.toContain('anoniem');
    expect(defaultConfidentialReminderTemplate).not.toContain('anoniem');
    const back = parseWaveForm({ ...base, anonymous: 'on', invitationTemplate: defaultConfidentialInvitationTemplate }, { now, isNew: true });
    expect(back.ok && back.value.invitation_template).toBe(defaultInvitationTemplate);
    const edited = `${defaultInvitationTemplate}\nPS: bedankt!`;
    const kept = parseWaveForm({ ...base, anonymous: '', invitationTemplate: edited }, { now, isNew: true });
    expect(kept.ok && kept.value.invitation_template).toBe(edited);
  });
});
