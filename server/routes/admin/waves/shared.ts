/**
 * What the wave pages share with each other and with the other admin pages of a wave (participants,
 * mail, response rates, national rounds): the wave of the :id parameter, a posted questionnaire
 * version, the choices of the wave form, and the form's default texts following the chosen version.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Wave } from '../../../db/database.js';
import { waveTextsFor } from '../../../domain/fieldwork/defaultTexts.js';
import type { WaveFormFields } from '../../../domain/fieldwork/waveForm.js';
import type { Questionnaire } from '../../../domain/questionnaire/normalize.js';
import { housesOf } from '../../../services/houses.js';
import { findVersion, versionOptions } from '../../../services/questionnaires.js';
import { getWave } from '../../../services/waves.js';

/** The wave of the :id parameter, or 404. */
export async function waveParam(request: FastifyRequest): Promise<Wave> {
  const { id } = request.params as { id: string };
  return getWave(request.server.db, id);
}

/** `id@version` as a form posts a version choice. */
export function versionKey(v: { id: string; version: string }): string {
  return `${v.id}@${v.version}`;
}

/** The stored version of a posted `id@version`, if there is one. */
export async function postedVersion(request: FastifyRequest, key: string | undefined): Promise<Questionnaire | undefined> {
  const at = (key ?? '').indexOf('@');
  if (at <= 0) return undefined;
  return (await findVersion(request.server.db, key!.slice(0, at), key!.slice(at + 1)))?.questionnaire;
}

/** Every stored questionnaire version as an option of the wave form's select. */
export async function questionnaireOptions(app: FastifyInstance): Promise<Array<{ value: string; label: string }>> {
  return (await versionOptions(app.db)).map((v) => ({ value: versionKey(v), label: `${v.title} (${v.id}, versie ${v.version})` }));
}

/** The houses whose waves the user manages, as options of the wave form's select. */
export async function houseOptions(request: FastifyRequest): Promise<Array<{ value: string; label: string }>> {
  return (await housesOf(request.server.db, request.user!, 'manageWaves')).map((h) => ({ value: String(h.id), label: h.name }));
}

/** The form's house must be one whose waves the user manages (a wave may keep its own house). */
export async function houseChosen(request: FastifyRequest, houseId: number, keep?: number): Promise<boolean> {
  return houseId === keep || (await houseOptions(request)).some((h) => h.value === String(houseId));
}

/**
 * The posted texts with every text still equal to a default of `from` (the questionnaire the form was
 * filled in for; none: the platform's) replaced by the same default of `to` (the questionnaire chosen after all).
 */
export function withDefaultsOf<T extends WaveFormFields>(form: T, from: Questionnaire | undefined, to: Questionnaire): T {
  const anonymous = form.anonymous === 'on';
  const before = waveTextsFor(from, anonymous);
  const beforeOther = waveTextsFor(from, !anonymous);
  const after = waveTextsFor(to, anonymous);
  const swap = (value: string | undefined, key: keyof typeof before) => {
    const normalized = (value ?? '').replace(/\r\n?/g, '\n');
    return normalized === before[key] || normalized === beforeOther[key] ? after[key] : value;
  };
  return {
    ...form,
    invitationSubject: swap(form.invitationSubject, 'invitation_subject'),
    invitationTemplate: swap(form.invitationTemplate, 'invitation_template'),
    reminderSubject: swap(form.reminderSubject, 'reminder_subject'),
    reminderTemplate: swap(form.reminderTemplate, 'reminder_template'),
  };
}
