/**
 * The checklist a concept wave shows before a researcher sends its invitations, and the launch it
 * leads to: how many invitations go out and when the first ones do. An 'open' point blocks the launch
 * (the command line lists them when it refuses); 'attention' points are worth reading but allowed.
 */
import { formatDutchDateTime } from '../format/nl.js';
import { reminderSchedule } from './reminderPolicy.js';

export type ChecklistKey = 'questionnaire' | 'participants' | 'texts' | 'dates' | 'anonymity';
export type ChecklistStatus = 'ok' | 'attention' | 'open';

export interface ChecklistItem {
  key: ChecklistKey;
  label: string;
  status: ChecklistStatus;
  /** Dutch sentences: what there is, and what needs doing. */
  details: string[];
  /** The sentences of `details` that call for attention or block the launch. */
  warnings: string[];
}

/** What the checklist is drawn up from. */
export interface LaunchFacts {
  now: Date;
  questionnaire: { id: string; version: string; title: string } | null;
  participants: { total: number; ineligible: number; optedOut: number; bounced: number };
  hasOpenLink: boolean;
  opensAt: Date;
  closesAt: Date;
  reminderDays: number[];
  anonymous: boolean;
  minCellSize: number;
  /** The invitation's subject as a participant reads it. */
  invitationSubject: string;
  sender: { name: string; email: string };
}

export interface LaunchPlan {
  /** Invitations the launch sends: every eligible participant who has not opted out or bounced. */
  invitations: number;
  /** When the first invitations go out: the opening moment, or at once when that has passed. */
  firstAt: Date;
  /** The opening moment has passed: the first mail pass after the launch sends them. */
  immediately: boolean;
}

/** How many invitations a launch sends and when the first go out. */
export function launchPlan(facts: Pick<LaunchFacts, 'participants' | 'opensAt' | 'now'>): LaunchPlan {
  const p = facts.participants;
  const immediately = facts.opensAt.getTime() <= facts.now.getTime();
  return {
    invitations: Math.max(0, p.total - p.ineligible - p.optedOut - p.bounced),
    firstAt: immediately ? facts.now : facts.opensAt,
    immediately,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The checklist, point by point. */
export function launchChecklist(facts: LaunchFacts): ChecklistItem[] {
  const plan = launchPlan(facts);
  const items: ChecklistItem[] = [];

  items.push(
    facts.questionnaire
      ? {
          key: 'questionnaire',
          label: 'Vragenlijst',
          status: 'ok',
          details: [`${facts.questionnaire.title} (${facts.questionnaire.id}, versie ${facts.questionnaire.version}). Bekijk hem als respondent voordat u verstuurt.`],
          warnings: [],
        }
      : { key: 'questionnaire', label: 'Vragenlijst', status: 'open', details: ['Kies een vragenlijstversie.'], warnings: ['Kies een vragenlijstversie.'] },
  );

  const p = facts.participants;
  const skipped = [
    p.ineligible ? `${p.ineligible} niet in aanmerking` : '',
    p.optedOut ? `${p.optedOut} afgemeld` : '',
    p.bounced ? `${p.bounced} onbereikbaar (bounce)` : '',
  ].filter(Boolean);
  const participantDetails = [`${plural(p.total, 'deelnemer', 'deelnemers')} geïmporteerd; ${plural(plan.invitations, 'krijgt', 'krijgen')} een uitnodiging.`];
  const participantWarnings: string[] = [];
  if (skipped.length) participantWarnings.push(`Geen uitnodiging: ${skipped.join(', ')}.`);
  if (facts.hasOpenLink) participantDetails.push('De ronde heeft ook een open link.');
  const noOne = plan.invitations === 0 && !facts.hasOpenLink;
  if (noOne) participantWarnings.push('Importeer de deelnemers: er is nog niemand om uit te nodigen.');
  items.push({
    key: 'participants',
    label: 'Deelnemers',
    status: noOne ? 'open' : skipped.length ? 'attention' : 'ok',
    details: [...participantDetails, ...participantWarnings],
    warnings: participantWarnings,
  });

  items.push({
    key: 'texts',
    label: 'Uitnodiging en herinneringen',
    status: 'ok',
    details: [
      `Onderwerp: ${facts.invitationSubject}`,
      `Afzender: ${facts.sender.name} <${facts.sender.email}>. Stuur uzelf een test om de berichten te zien zoals deelnemers ze krijgen.`,
    ],
    warnings: [],
  });

  const dateDetails = [`Open van ${formatDutchDateTime(facts.opensAt)} tot ${formatDutchDateTime(new Date(facts.closesAt.getTime() - 1))}.`];
  const dateWarnings: string[] = [];
  let dateStatus: ChecklistStatus = 'ok';
  if (facts.closesAt.getTime() <= facts.now.getTime()) {
    dateStatus = 'open';
    dateWarnings.push('De sluitingsdatum ligt in het verleden: kies een latere sluitingsdatum.');
  } else {
    if (plan.immediately) {
      dateStatus = 'attention';
      dateWarnings.push('De openingsdatum is al bereikt: de uitnodigingen gaan direct na het versturen uit.');
    }
    const dropped = facts.reminderDays.length - reminderSchedule(facts.reminderDays, plan.firstAt, facts.closesAt).length;
    if (dropped > 0) {
      dateStatus = 'attention';
      const late = facts.reminderDays.slice(facts.reminderDays.length - dropped);
      dateWarnings.push(`${dropped === 1 ? 'De herinnering na' : 'De herinneringen na'} ${late.join(', ')} dagen ${dropped === 1 ? 'valt' : 'vallen'} na de sluitingsdatum en ${dropped === 1 ? 'wordt' : 'worden'} niet verstuurd.`);
    } else if (facts.reminderDays.length) {
      dateDetails.push(`Herinneringen ${facts.reminderDays.join(', ')} dagen na de uitnodiging.`);
    } else {
      dateDetails.push('Geen herinneringen.');
    }
  }
  items.push({ key: 'dates', label: 'Openings- en sluitingsdatum', status: dateStatus, details: [...dateDetails, ...dateWarnings], warnings: dateWarnings });

  const anonymity = facts.anonymous
    ? `Anoniem: antwoorden worden zonder koppeling aan de deelnemer bewaard. Groepen kleiner dan ${facts.minCellSize} worden in de resultaten niet getoond.`
    : `Niet anoniem (vertrouwelijk): antwoorden blijven aan de uitnodiging gekoppeld. Groepen kleiner dan ${facts.minCellSize} worden in de resultaten niet getoond.`;
  const tooFew = facts.anonymous && plan.invitations > 0 && plan.invitations < facts.minCellSize;
  const anonymityWarnings = tooFew ? [`Met ${plan.invitations} uitnodigingen haalt de ronde de minimale groepsgrootte van ${facts.minCellSize} niet: er komen geen resultaten.`] : [];
  items.push({ key: 'anonymity', label: 'Anonimiteit', status: tooFew ? 'attention' : 'ok', details: [anonymity, ...anonymityWarnings], warnings: anonymityWarnings });
  return items;
}

/** The open points that block a launch, one sentence each (empty: ready). */
export function openPoints(items: readonly ChecklistItem[]): string[] {
  return items.filter((i) => i.status === 'open').flatMap((i) => i.warnings.map((w) => `${i.label}: ${w}`));
}
