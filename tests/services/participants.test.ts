import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addParticipant,
  changeParticipant,
  emailInUse,
  getParticipant,
  importParticipants,
  participantPage,
  removeParticipant,
  setParticipantBounced,
} from '../../server/services/participants.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { auditLog, contextOf, userOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const csv = 'email,naam,organisatie\njan@politie.nl,Jan,Politie\nfout-adres,Piet,OM\nanna@gemeente.nl,Anna,Gemeente\n';

describe('participants service', () => {
  it('imports nothing (and logs nothing) while rows are rejected, unless told to skip them', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const ctx = contextOf(t);
    const blocked = await importParticipants(ctx, t.app.secrets, wave.id, csv, { skipInvalid: false });
    expect(blocked).toMatchObject({ blocked: true, ids: [] });
    expect(blocked.parsed.errors.map((e) => e.line)).toEqual([3]);
    expect((await participantPage(t.app.db, wave.id, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await auditLog(t)).toEqual([]);

    const done = await importParticipants(ctx, t.app.secrets, wave.id, Buffer.from(csv), { skipInvalid: true });
    expect(done.blocked).toBe(false);
    expect(done.ids).toHaveLength(2);
    const { rows } = await participantPage(t.app.db, wave.id, { limit: 10, offset: 0 });
    // decoded attributes and a status per row, by address
    expect(rows.map((r) => [r.email, r.attributes, r.status])).toEqual([
      ['anna@gemeente.nl', { organisatie: 'Gemeente' }, 'niet begonnen'],
      ['jan@politie.nl', { organisatie: 'Politie' }, 'niet begonnen'],
    ]);
    expect(await auditLog(t)).toEqual([expect.objectContaining({ actor: 'cli', action: 'participants_imported', details: { waveId: wave.id, imported: 2, rejected: 1 } })]);
  });

  it('adds, changes, marks and removes one person, each with its audit entry', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const ctx = contextOf(t, { user: userOf('researcher') });
    const id = await addParticipant(ctx, t.app.secrets, wave.id, { email: 'kees@reclassering.nl', name: 'Kees', attributes: {} });
    expect(await emailInUse(t.app.db, wave.id, 'kees@reclassering.nl', null)).toBe(true);
    expect(await emailInUse(t.app.db, wave.id, 'kees@reclassering.nl', id)).toBe(false);
    await setParticipantBounced(ctx, wave.id, id, '550 mailbox unavailable');
    expect(await changeParticipant(ctx, wave.id, id, { email: 'kees@reclassering.nl', name: 'Kees de Vries', attributes: { rol: 'casusregisseur' } })).toEqual({ resent: false });
    expect(await getParticipant(t.app.db, wave.id, id)).toMatchObject({ name: 'Kees de Vries', attributes: { rol: 'casusregisseur' }, status: 'bounced' });
    await setParticipantBounced(ctx, wave.id, id, null);
    await removeParticipant(ctx, wave.id, id);
    await expect(getParticipant(t.app.db, wave.id, id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await auditLog(t)).map((e) => [e.action, e.details.participantId])).toEqual([
      ['participant_added', id],
      ['participant_bounced', id],
      ['participant_updated', id],
      ['participant_reachable', id],
      ['participant_removed', id],
    ]);
  });
});
