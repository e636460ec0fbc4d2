/**
 * Uploaded CSV files (participant lists, a national round's houses): @fastify/multipart with every
 * form field as a string and the file as its raw bytes, since the CSV reader detects the encoding
 * itself. A file over `maxBytes` either fails the request (413, the participant import's 20 MB) or,
 * with `keepTooLarge`, arrives as 'tooLarge' (uploadedFile) so the page can say so next to the other fields, kept.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** A file that passed the size limit (its bytes were cut off and dropped), as the body holds it. */
const TOO_LARGE = Object.freeze({ tooLarge: true as const });

export interface UploadOptions {
  maxBytes: number;
  /** The most form fields besides the file. */
  fields: number;
  keepTooLarge?: boolean;
}

/** Register multipart parsing on this (encapsulated) plugin's routes. */
export async function registerCsvUpload(app: FastifyInstance, options: UploadOptions): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: options.maxBytes, files: 1, fields: options.fields },
    throwFileSizeLimit: !options.keepTooLarge,
    async onFile(part) {
      const holder = part as unknown as { value: unknown };
      try {
        const bytes = await part.toBuffer();
        holder.value = part.file.truncated ? TOO_LARGE : bytes;
      } catch (error) {
        // a limit (too many fields or files) makes the parser cut the file stream: its own 413 follows
        // from the parts iterator, so this premature close must not become the request's error (a 500)
        if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
      }
    },
  });
}

/** The uploaded file of field `name`: its bytes, 'tooLarge', or null when none was chosen (an empty file input). */
export function uploadedFile(body: unknown, name: string): Buffer | 'tooLarge' | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (value === TOO_LARGE) return 'tooLarge';
  return Buffer.isBuffer(value) && value.length > 0 ? value : null;
}
