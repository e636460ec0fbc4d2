/**
 * The application's errors, in one catalogue (as fastify's lib/errors.js keeps its own).
 *
 * - `AppError`: a refusal meant for the person in front of a page or an API client. It carries an
 *   HTTP status, a stable code and a Dutch message; the error handler (plugins/errors.ts) turns it
 *   into a friendly page or application/problem+json. The factories below are every such refusal.
 * - `StartupError`: a fault the person starting the server or a command must fix (configuration, a
 *   questionnaire file, a migration). The launcher prints its message without a stack and exits 1.
 * - Errors of the command line and of operations that the command line reports in English.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly title?: string,
  ) {
    super(message);
  }
}

// — generic refusals —

export const notFound = (message = 'De pagina die u zoekt bestaat niet (meer).') => new AppError(404, 'NOT_FOUND', message, 'Niet gevonden');
export const forbidden = (message = 'U heeft geen toegang tot deze pagina.') => new AppError(403, 'FORBIDDEN', message, 'Geen toegang');
export const gone = (message: string) => new AppError(410, 'GONE', message, 'Niet meer beschikbaar');
export const badRequest = (message: string) => new AppError(400, 'BAD_REQUEST', message, 'Ongeldig verzoek');
/** 409: the request is fine but the state of things does not allow it. */
export const conflict = (code: string, message: string, title = 'Niet mogelijk') => new AppError(409, code, message, title);

// — admin pages —

export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'U bent niet ingelogd.', 'Niet ingelogd');
export const adminFormExpired = () =>
  new AppError(403, 'CSRF', 'Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens.', 'Formulier verlopen');
export const waveNotFound = () => notFound('Deze veldwerkronde bestaat niet.');
export const questionnaireVersionNotFound = () => notFound('Deze vragenlijstversie bestaat niet.');
export const questionnaireFrozen = () =>
  conflict('FROZEN', 'De uitnodigingen van deze ronde zijn al verstuurd of gepland; de vragenlijst ligt vast en kan niet meer worden gewijzigd.', 'Vragenlijst ligt vast');
/** A launch refused; `points` are the open points of the checklist. */
export const launchRefused = (points: string[]) =>
  conflict('NOT_READY', `De ronde is nog niet klaar om te versturen: ${points.join(' ')}`, 'Nog niet klaar');
export const alreadyLaunched = () => conflict('LAUNCHED', 'Deze ronde is al verstuurd of gepland.', 'Al verstuurd');
export const waveActionClosed = (what: string) => conflict('CLOSED', `Deze ronde is gesloten: ${what} kan niet meer.`, 'Ronde gesloten');
export const waveNotDeletable = (reason: string) =>
  conflict('NOT_DELETABLE', `Deze ronde kan niet worden verwijderd: ${reason} Een ronde die al mail heeft verstuurd of antwoorden heeft, wordt gesloten en na de bewaartermijn opgeschoond.`, 'Niet te verwijderen');
export const versionsNationalOnly = () =>
  forbidden('Alleen een landelijk onderzoeker voegt vragenlijstversies toe: een versie geldt voor alle Veiligheidshuizen. U kunt elke versie wel bekijken, afdrukken, vergelijken en er bekijklinks voor maken.');
export const reviewLinkNotFound = () => notFound('Deze bekijklink bestaat niet.');
/** 409: a change that would loosen what an opened wave promised (anonymity, minimum group size); `message` says which. */
export const waveSettingsLocked = (message: string) => conflict('WAVE_LOCKED', message, 'Niet meer toegestaan');
export const participantNotFound = () => notFound('Deze deelnemer bestaat niet (meer).');
export const accountNotFound = () => notFound('Dit account bestaat niet.');
export const cannotBlockSelf = () => conflict('SELF', 'U kunt uw eigen account niet blokkeren.');
export const lastResearcher = () =>
  conflict('LAST_RESEARCHER', 'Het laatste actieve account van een landelijk onderzoeker kan niet worden geblokkeerd of die rol kwijtraken.');
export const grantNotAllowed = () => forbidden('U mag dit recht niet geven of intrekken.');
export const houseNotFound = () => notFound('Dit Veiligheidshuis bestaat niet.');
export const houseNameTaken = (existing: string) =>
  conflict('HOUSE_NAME_TAKEN', `Er is al een huis met (bijna) dezelfde naam: ${existing}. Gebruik dat huis, of voeg de twee samen.`, 'Naam al in gebruik');
export const houseMergeSame = () => badRequest('Kies twee verschillende huizen om samen te voegen.');
export const wrongPassword = () => new AppError(422, 'WRONG_PASSWORD', 'Het huidige wachtwoord is onjuist.', 'Onjuist wachtwoord');
export const twoFactorStillRequired = () =>
  conflict('TWO_FACTOR_REQUIRED', 'Met uw rechten is tweestapsverificatie verplicht; u kunt haar niet uitzetten. U kunt wel opnieuw instellen.');
export const mailJobNotFound = () => notFound('Deze mailtaak bestaat niet.');
export const mailDecisionMissing = () => badRequest('Kies “opnieuw versturen” of “overslaan”.');
export const mailJobDecided = () => conflict('NOT_UNKNOWN', 'Over deze mailtaak is al besloten.', 'Al besloten');
export const resendTooSoon = () =>
  conflict(
    'TOO_SOON',
    'Dit bericht is minder dan 15 minuten geleden aangeboden. Wacht tot een eventueel nog lopende verzending is afgerond en kies dan opnieuw.',
    'Nog even wachten',
  );
export const outboxMessageNotFound = () => notFound('Dit bericht staat niet in de outbox.');
export const downloadFormatNotFound = () => notFound('Dit downloadformaat bestaat niet.');
export const openAnswerNotFound = () => notFound('Dit open antwoord of deze categorie bestaat niet (meer).');
/** The raw data of an anonymous wave still open or too small, refused; `text` is the Dutch reason (rawWithholdingText). */
export const rawDataWithheldRefusal = (text: string) => new AppError(403, 'RAW_DATA_WITHHELD', text, 'Ruwe data niet beschikbaar');

/** SQLite result codes of a database that cannot store right now (full disk, I/O fault, a lock held too long). */
const UNAVAILABLE_STORAGE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED)(_|$)/;

/** The SQLite code when `error` is the database being unable to store at the moment (the request may succeed later). */
export function storageFault(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_STORAGE.test(code) ? code : undefined;
}

/** 503: nothing could be stored just now; what was stored before is kept. */
export const storageUnavailable = () =>
  new AppError(
    503,
    'STORAGE_UNAVAILABLE',
    'Uw antwoorden konden op dit moment niet worden opgeslagen: de server kan tijdelijk niets wegschrijven. Wat u eerder hebt opgeslagen, is bewaard. Probeer het zo opnieuw.',
    'Probeer het zo opnieuw',
  );

// — respondent and opt-out links —

export const unknownSurveyLink = () =>
  new AppError(
    404,
    'UNKNOWN_LINK',
    'Deze link is niet (meer) geldig. Controleer of u de volledige link uit de uitnodiging hebt gebruikt; soms breekt een e-mailprogramma een lange link af.',
    'Link niet gevonden',
  );
export const unknownOptOutLink = () =>
  new AppError(404, 'UNKNOWN_LINK', 'Deze afmeldlink is niet (meer) geldig. Controleer of u de volledige link uit de e-mail hebt gebruikt.', 'Link niet gevonden');
/** Not open yet; `from` is the opening moment as the respondent reads it, when known. */
export const notYetOpen = (from?: string) =>
  new AppError(403, 'NOT_YET_OPEN', from ? `De vragenlijst is nog niet geopend. U kunt haar invullen vanaf ${from}.` : 'Deze vragenlijst is nog niet geopend.', 'Nog niet geopend');
export const notLaunched = () =>
  new AppError(
    403,
    'NOT_LAUNCHED',
    'Deze vragenlijst wordt nog voorbereid en kan nog niet worden ingevuld. U ontvangt een uitnodiging zodra het onderzoek van start gaat.',
    'Nog in voorbereiding',
  );
/** Closed since `since` (as the respondent reads it); a respondent who completed is thanked. */
export const surveyClosed = (since: string, completed: boolean) =>
  new AppError(
    410,
    'CLOSED',
    `De vragenlijst is gesloten sinds ${since}.${completed ? ' U hebt de vragenlijst ingevuld: hartelijk dank voor uw deelname.' : ''}`,
    'Vragenlijst gesloten',
  );
export const surveyPurged = () => gone('Dit onderzoek is afgesloten en de gegevens zijn verwijderd.');
export const optedOut = () =>
  new AppError(410, 'OPTED_OUT', 'U hebt zich afgemeld voor dit onderzoek. U ontvangt hierover geen berichten meer en deze link werkt niet meer.', 'Afgemeld');
export const notEligible = () =>
  new AppError(
    403,
    'NOT_ELIGIBLE',
    'Volgens onze gegevens valt u buiten de groep voor wie deze vragenlijst bedoeld is. Denkt u dat dit niet klopt, neem dan contact op met de afzender van de uitnodiging.',
    'Geen toegang',
  );
export const respondentFormInvalid = () =>
  forbidden(
    'Dit formulier kon niet worden verwerkt: het is verlopen of niet via deze vragenlijst verstuurd. Open de link uit de e-mail opnieuw; uw eerder opgeslagen antwoorden zijn bewaard.',
  );
export const optOutFormInvalid = () => forbidden('Dit formulier kon niet worden verwerkt. Open de afmeldlink uit de e-mail opnieuw.');
/** 429: this address started the open link's questionnaire too often in a short time. */
export const tooManyOpenStarts = () =>
  new AppError(
    429,
    'TOO_MANY_STARTS',
    'Vanaf dit adres is deze vragenlijst in korte tijd al heel vaak begonnen. Probeer het over een uur opnieuw. Hebt u de vragenlijst al geopend, ga dan verder in hetzelfde venster of dezelfde browser.',
    'Te vaak begonnen',
  );
export const noRepeat = () => conflict('NO_REPEAT', 'U kunt met deze link geen nieuwe vragenlijst meer beginnen.');
export const noEdit = () => conflict('NO_EDIT', 'Uw antwoorden kunnen in deze ronde niet meer worden gewijzigd.');
export const sentAnswersGone = () =>
  new AppError(
    404,
    'ANSWERS_NOT_KEPT',
    'Uw antwoorden zijn alleen direct na het versturen te zien, in dezelfde browser. Ze zijn wel opgeslagen; om uw privacy te beschermen zijn ze hier niet meer op te vragen.',
    'Antwoorden niet meer te zien',
  );

// — start-up —

/** A fault for the person starting the server or a command: its message is shown without a stack trace. */
export class StartupError extends Error {}
/** The environment does not validate (server/config.ts); one line per variable. */
export class ConfigError extends StartupError {}
/** A questionnaire file in QUESTIONNAIRES_DIR is invalid; one line per fault with file and JSON path. */
export class QuestionnaireFolderError extends StartupError {}
/** A migration failed (and was rolled back); the message names it. */
export class MigrationError extends StartupError {}

// — command line and operations it reports —

/** Wrong arguments: the command line prints the message and exits 2. */
export class UsageError extends Error {}
/** A backup that cannot be made (no source, no folder, a file in the way, a failed integrity check). */
export class BackupError extends Error {}

/**
 * Thrown for the raw data (csv, sps) of an anonymous wave that has not closed yet (`closesAt`), or has
 * fewer responses than its minimum cell size.
 */
export class RawDataWithheldError extends Error {
  constructor(
    readonly waveId: string,
    readonly withheld: { closesAt: string } | { responses: number; minCellSize: number },
  ) {
    super(
      'closesAt' in withheld
        ? `Raw data withheld: anonymous wave ${waveId} is still open (it closes ${withheld.closesAt}); its respondent-level data are released ` +
            'once it has closed, because until then a new row can be matched to whoever just finished. The xlsx export has the aggregated tables.'
        : `Raw data withheld: anonymous wave ${waveId} has ${withheld.responses} responses, fewer than its minimum cell size ` +
            `of ${withheld.minCellSize}; with so few responses answers can be traced to persons. The xlsx export still has the aggregated tables.`,
    );
  }
}

// — national rounds —

export const roundsNationalOnly = () => forbidden('Alleen een landelijk onderzoeker maakt een landelijke ronde.');
export const roundNotFound = () => notFound('Deze landelijke ronde bestaat niet.');
/** 422: the round's input has faults (unknown houses, a bad file, bad settings); nothing was created. */
export const roundInvalid = (faults: string[], fields: Record<string, string> = {}) =>
  Object.assign(new AppError(422, 'ROUND_INVALID', `De landelijke ronde is niet aangemaakt: ${faults.join(' ')}`, 'Ronde niet aangemaakt'), {
    /** Per form field (the wave form's names: opens, invitationTemplate, …) its fault, for the page to show beside it. */
    fields,
  });
