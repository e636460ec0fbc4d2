/**
 * Application errors carry an HTTP status, a stable code and a Dutch message fit for the person who
 * sees it. The error handler turns them into a friendly page or application/problem+json.
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

export const notFound = (message = 'De pagina die u zoekt bestaat niet (meer).') =>
  new AppError(404, 'NOT_FOUND', message, 'Niet gevonden');
export const forbidden = (message = 'U heeft geen toegang tot deze pagina.') =>
  new AppError(403, 'FORBIDDEN', message, 'Geen toegang');
export const gone = (message: string) => new AppError(410, 'GONE', message, 'Niet meer beschikbaar');
export const badRequest = (message: string) => new AppError(400, 'BAD_REQUEST', message, 'Ongeldig verzoek');
