import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import {
  AppError,
  ConfigError,
  MigrationError,
  notYetOpen,
  QuestionnaireFolderError,
  RawDataWithheldError,
  StartupError,
  surveyClosed,
  unknownOptOutLink,
  unknownSurveyLink,
} from '../server/errors.js';

describe('error catalogue', () => {
  it('makes every start-up fault a StartupError, which the launcher prints without a stack', () => {
    for (const error of [new ConfigError('x'), new QuestionnaireFolderError('x'), new MigrationError('x')]) expect(error).toBeInstanceOf(StartupError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(StartupError);
    expect(new RawDataWithheldError('W1', { responses: 3, minCellSize: 5 })).not.toBeInstanceOf(StartupError);
  });

  it('gives refusals a status, a stable code and a Dutch message', () => {
    expect(unknownSurveyLink()).toMatchObject({ statusCode: 404, code: 'UNKNOWN_LINK', title: 'Link niet gevonden' });
    expect(unknownOptOutLink().message).toMatch(/afmeldlink/);
    expect(notYetOpen()).toMatchObject({ statusCode: 403, message: 'Deze vragenlijst is nog niet geopend.' });
    expect(notYetOpen('1 december 2026 om 09:00').message).toBe('De vragenlijst is nog niet geopend. U kunt haar invullen vanaf 1 december 2026 om 09:00.');
    expect(surveyClosed('1 december 2026 om 09:00', true).message).toMatch(/dank voor uw deelname\.$/);
    expect(surveyClosed('1 december 2026 om 09:00', false).message).toBe('De vragenlijst is gesloten sinds 1 december 2026 om 09:00.');
    expect(unknownSurveyLink()).toBeInstanceOf(AppError);
  });
});
