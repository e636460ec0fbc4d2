import { describe, expect, it } from 'vitest';
import { launchChecklist, launchPlan, openPoints, type LaunchFacts } from '../../../server/domain/fieldwork/launchChecklist.js';

const now = new Date('2026-11-23T09:00:00Z');

function facts(overrides: Partial<LaunchFacts> = {}): LaunchFacts {
  return {
    now,
    questionnaire: { id: 'stappenmeter-doelbereik', version: '1.0', title: 'Stappenmeter Doelbereik' },
    participants: { total: 10, ineligible: 0, optedOut: 0, bounced: 0 },
    hasOpenLink: false,
    opensAt: new Date('2026-11-29T23:00:00Z'),
    closesAt: new Date('2026-12-20T22:59:59.999Z'),
    reminderDays: [7, 14],
    anonymous: true,
    minCellSize: 5,
    invitationSubject: 'Uitnodiging',
    sender: { name: 'Onderzoek', email: 'onderzoek@example.test' },
    ...overrides,
  };
}

const status = (f: LaunchFacts) => Object.fromEntries(launchChecklist(f).map((i) => [i.key, i.status]));

describe('launchPlan', () => {
  it('counts every participant who gets an invitation and says when the first go out', () => {
    expect(launchPlan(facts({ participants: { total: 10, ineligible: 1, optedOut: 2, bounced: 1 } }))).toEqual({
      invitations: 6,
      firstAt: new Date('2026-11-29T23:00:00Z'),
      immediately: false,
    });
    // an opening moment that has passed: at once, never silently
    expect(launchPlan(facts({ opensAt: new Date('2026-11-20T23:00:00Z') }))).toEqual({ invitations: 10, firstAt: now, immediately: true });
  });
});

describe('launchChecklist', () => {
  it('is all in order for a ready wave', () => {
    const items = launchChecklist(facts());
    expect(items.map((i) => [i.key, i.status])).toEqual([
      ['questionnaire', 'ok'],
      ['participants', 'ok'],
      ['texts', 'ok'],
      ['dates', 'ok'],
      ['anonymity', 'ok'],
    ]);
    expect(items[1]!.details).toEqual(['10 deelnemers geïmporteerd; 10 krijgen een uitnodiging.']);
    expect(items[3]!.details).toEqual(['Open van 30 november 2026 om 00:00 tot 20 december 2026 om 23:59.', 'Herinneringen 7, 14 dagen na de uitnodiging.']);
    expect(openPoints(items)).toEqual([]);
  });

  it('blocks a wave without a questionnaire, without anyone to invite, or with a closing date in the past', () => {
    const items = launchChecklist(facts({ questionnaire: null, participants: { total: 0, ineligible: 0, optedOut: 0, bounced: 0 }, closesAt: new Date('2026-11-01T00:00:00Z') }));
    expect(openPoints(items)).toEqual([
      'Vragenlijst: Kies een vragenlijstversie.',
      'Deelnemers: Importeer de deelnemers: er is nog niemand om uit te nodigen.',
      'Openings- en sluitingsdatum: De sluitingsdatum ligt in het verleden: kies een latere sluitingsdatum.',
    ]);
    // an open link alone is enough to launch
    expect(status(facts({ participants: { total: 0, ineligible: 0, optedOut: 0, bounced: 0 }, hasOpenLink: true })).participants).toBe('ok');
  });

  it('points out who gets no invitation, an opening date that has passed, reminders after closing and too few for the minimum cell size', () => {
    const items = launchChecklist(
      facts({
        participants: { total: 4, ineligible: 1, optedOut: 1, bounced: 0 },
        opensAt: new Date('2026-11-01T00:00:00Z'),
        closesAt: new Date('2026-12-01T00:00:00Z'),
        reminderDays: [3, 7, 14],
      }),
    );
    expect(items.map((i) => i.status)).toEqual(['ok', 'attention', 'ok', 'attention', 'attention']);
    expect(items[1]!.details).toEqual(['4 deelnemers geïmporteerd; 2 krijgen een uitnodiging.', 'Geen uitnodiging: 1 niet in aanmerking, 1 afgemeld.']);
    expect(items[3]!.details.slice(1)).toEqual([
      'De openingsdatum is al bereikt: de uitnodigingen gaan direct na het versturen uit.',
      'De herinnering na 14 dagen valt na de sluitingsdatum en wordt niet verstuurd.',
    ]);
    // the confirmation lists what calls for attention, not every detail
    expect(items.flatMap((i) => i.warnings)).toEqual([
      'Geen uitnodiging: 1 niet in aanmerking, 1 afgemeld.',
      'De openingsdatum is al bereikt: de uitnodigingen gaan direct na het versturen uit.',
      'De herinnering na 14 dagen valt na de sluitingsdatum en wordt niet verstuurd.',
      'Met 2 uitnodigingen haalt de ronde de minimale groepsgrootte van 5 niet: er komen geen resultaten.',
    ]);
    expect(items[4]!.details[1]).toBe('Met 2 uitnodigingen haalt de ronde de minimale groepsgrootte van 5 niet: er komen geen resultaten.');
    expect(openPoints(items)).toEqual([]);
    // a non-anonymous wave says so and is not held to the minimum for anonymity's sake
    expect(launchChecklist(facts({ anonymous: false, participants: { total: 2, ineligible: 0, optedOut: 0, bounced: 0 } }))[4]).toMatchObject({
      status: 'ok',
      details: [expect.stringContaining('Niet anoniem (vertrouwelijk)')],
    });
  });
});
