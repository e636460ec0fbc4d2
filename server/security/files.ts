/**
 * Files that hold personal data (the database, its -wal and -shm, backups, the server secret) are
 * readable by their owner only, whatever the process's umask: 0600 for files, 0700 for a folder the
 * platform creates for them.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Make sure `dir` exists. A folder created here gets mode 0700 (set after creation, so the umask does
 * not matter); an existing folder is left as it is: it may be shared (a home folder, /srv).
 */
export function ensurePrivateFolder(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  chmodSync(dir, PRIVATE_FOLDER_MODE);
}

/**
 * Create `file` empty with mode 0600 if it does not exist, and set 0600 on it when it does. SQLite
 * opens an existing file without changing its mode and gives the -wal and -shm files the mode of
 * the database file, so creating the file first is what makes all three private.
 */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Set 0600 on each of these files that exists (e.g. a -wal left by an older version). */
export function restrictExisting(files: readonly string[]): void {
  for (const file of files) if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
