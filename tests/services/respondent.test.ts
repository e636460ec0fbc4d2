import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { optOut, optOutTarget } from '../../server/services/optout.js';
import { getParticipant } from '../../server/services/participants.js';
import { afterSubmitOptions, openInvitationLink, savedAnswers, savePage, submit } from '../../server/services/respondent.js';
import { optOutToken, randomToken } from '../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { contextOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const QID = 'stappenmeter-doelbereik';
const DAY = 24 * 3600_000;

describe('respondent service', () => {
  it('opens an invitation link, saves a page (the invitation is then started) and submits once', async () => {
    const wave = await makeWave(t.app, QID, { anonymous: 0, allow_edit: 1 });
    const { token, participant } = await makeInvitee(t.app, wave);
    const link = await openInvitationLink(t.app.db, token, t.app.now());
    expect(link).toMatchObject({ kind: 'invitation', participantId: participant.id, draft: undefined, invitation: { status: 'invited' } });
    expect(link.questionnaire.id).toBe(QID);
    expect(savedAnswers(link)).toEqual({});

    const draftId = await savePage(t.app.db, link, { Q2: 1 }, 1, t.app.now());
    const resumed = await openInvitationLink(t.app.db, token, t.app.now());
    expect(resumed).toMatchObject({ invitation: { status: 'started' }, draft: { id: draftId, page: 1 } });
    expect(savedAnswers(resumed)).toEqual({ Q2: 1 });

    await submit(t.app.db, resumed, draftId, { answers: { Q2: 1 }, contact: {} }, t.app.now());
    await submit(t.app.db, resumed, draftId, { answers: { Q2: 1 }, contact: {} }, t.app.now());
    const done = await openInvitationLink(t.app.db, token, t.app.now());
    expect(done).toMatchObject({ invitation: { status: 'completed', responses_count: 1 }, draft: undefined });
    // non-anonymous with editing allowed: the response can be found again
    expect((await afterSubmitOptions(t.app.db, done)).edits).toHaveLength(1);
  });

  it('refuses unknown links, opted-out participants, and waves not open', async () => {
    const refusal = (token: string) => openInvitationLink(t.app.db, token, t.app.now());
    await expect(refusal(randomToken())).rejects.toMatchObject({ statusCode: 404, code: 'UNKNOWN_LINK' });
    await expect(refusal("x' or 1=1 --")).rejects.toMatchObject({ statusCode: 404, code: 'UNKNOWN_LINK' });

    const wave = await makeWave(t.app, QID);
    const { token, participant } = await makeInvitee(t.app, wave);
    await optOut(contextOf(t, { system: 'deelnemer' }), await optOutTarget(t.app.db, t.app.secrets, optOutToken(t.app.secrets, participant.id)), 'form');
    expect((await getParticipant(t.app.db, wave.id, participant.id)).status).toBe('afgemeld');
    await expect(refusal(token)).rejects.toMatchObject({ statusCode: 410, code: 'OPTED_OUT' });

    const now = t.app.now().getTime();
    const later = await makeWave(t.app, QID, { opens_at: new Date(now + 2 * DAY).toISOString(), closes_at: new Date(now + 9 * DAY).toISOString() });
    await expect(refusal((await makeInvitee(t.app, later)).token)).rejects.toMatchObject({ statusCode: 403, code: 'NOT_YET_OPEN', message: expect.stringMatching(/vanaf \d+ november 2026 om \d\d:\d\d/) });
    const closed = await makeWave(t.app, QID, { opens_at: new Date(now - 9 * DAY).toISOString(), closes_at: new Date(now - DAY).toISOString() });
    await expect(refusal((await makeInvitee(t.app, closed)).token)).rejects.toMatchObject({ statusCode: 410, code: 'CLOSED' });
  });
});
