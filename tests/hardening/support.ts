/**
 * Shared by the hardening tests: fill in the fixture questionnaire ("proef", every question type)
 * through the real respondent pages, and a digest of every table to prove that nothing changed.
 */
import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client, pageForm, type Page } from '../routes/respondent/formClient.js';

export const page1 = { Q1: '3', Q1_other: 'Zorgoverleg', Q2: '1' };
export const page2 = { M1_1: '4', M1_2: '3', M1_3: '5', M2_1: '2' };
export const page3 = { Q3: ['1', '3'], Q3_other: 'Woningcorporatie', Q4_1: 'Hoorn', Q4_2: 'Enkhuizen', Q5: '40' };
export const page4 = { Q6_a: '50', Q6_b: '30', Q6_c: '20', Q8: 'Reistijd', Q7: 'Goed overleg' };
export const page5 = { Q9: '1', Q10_naam: 'Jan Jansen', Q10_email: 'jan@example.nl' };

export interface Answers {
  p1?: Record<string, string>;
  p2?: Record<string, string>;
  p3?: Record<string, string | string[]>;
  p4?: Record<string, string>;
  p5?: Record<string, string>;
}

/** Fill in the whole fixture questionnaire through its pages; returns the page after "Versturen". */
export async function completeProef(client: Client, base: string, answers: Answers = {}): Promise<Page> {
  const p1 = { ...page1, ...answers.p1 };
  let page = await client.get(`${base}/pagina/1`);
  page = await client.submit(pageForm(page), p1, 'Volgende');
  page = await client.submit(pageForm(page), { ...page2, ...answers.p2 }, 'Volgende');
  if (p1.Q2 === '1') page = await client.submit(pageForm(page), { ...page3, ...answers.p3 }, 'Volgende');
  page = await client.submit(pageForm(page), { ...page4, ...answers.p4 }, 'Volgende');
  return client.submit(pageForm(page), { ...page5, ...answers.p5 }, 'Versturen');
}

/** Every user table of the database file with its rows in a stable order (for dumps and digests). */
export function dumpTables(file: string): Record<string, unknown[]> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    const out: Record<string, unknown[]> = {};
    for (const name of names) {
      const columns = (db.prepare(`pragma table_info("${name}")`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`);
      out[name] = db.prepare(`select * from "${name}" order by ${columns.join(', ')}`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

/** A reader kept open on a database file: digests of every table (sha256 of all rows in a stable order). */
export class TableDigest {
  private db: SQLite.Database;
  private statements: Array<{ name: string; stmt: SQLite.Statement }> = [];

  constructor(file: string) {
    this.db = new SQLite(file, { readonly: true, fileMustExist: true });
    const names = this.db
      .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    for (const name of names) {
      const columns = (this.db.prepare(`pragma table_info("${name}")`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`);
      this.statements.push({ name, stmt: this.db.prepare(`select * from "${name}" order by ${columns.join(', ')}`).raw() });
    }
  }

  /** One hash per table. */
  tables(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { name, stmt } of this.statements) out[name] = createHash('sha256').update(JSON.stringify(stmt.all())).digest('hex');
    return out;
  }

  /** One hash over all tables. */
  all(): string {
    return createHash('sha256').update(JSON.stringify(this.tables())).digest('hex');
  }

  close(): void {
    this.db.close();
  }
}

/** The refusal's message: a Dutch page (notice or validation summary) or problem+json with a detail. */
export function refusalMessage(res: LightMyRequestResponse): string | undefined {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('application/problem+json')) {
    const detail = (res.json() as { detail?: unknown }).detail;
    return typeof detail === 'string' && detail.trim() !== '' ? detail : undefined;
  }
  if (type.includes('text/html')) {
    const m = /role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(res.body) ?? /class="field-error"[^>]*>([\s\S]*?)<\/p>/.exec(res.body);
    const text = m?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    return text ? text : undefined;
  }
  return undefined;
}

export interface Route {
  method: string;
  url: string;
}

/**
 * Every method + path the app has registered, from `printRoutes()`: each tree line's segment appended
 * to its ancestors'. (The radix tree's default print keeps every character; with `commonPrefix: false`
 * Fastify 5 prints `/static/*` as a bare `*` at the root.) A line that cannot be read throws, so a route
 * is never skipped silently.
 */
export function registeredRoutes(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    if (line.trim() === '') continue;
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) throw new Error(`cannot read route tree line: ${JSON.stringify(line)}`);
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) routes.push({ method, url: path });
  }
  return routes;
}
