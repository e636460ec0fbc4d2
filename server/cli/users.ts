/** `users create`, `users list` and `users grants`: accounts and their grants from the command line. */
import { parseArgs } from 'node:util';
import type { Grant } from '../db/database.js';
import { isValidEmail } from '../domain/fieldwork/participantsCsv.js';
import { UsageError } from '../errors.js';
import { passwordProblem } from '../security/passwords.js';
import { randomToken } from '../security/tokens.js';
import { grantFrom, grantSpelling } from '../services/access.js';
import { accountByEmail, allAccounts, createAccount } from '../services/accounts.js';
import { openCliDatabase, print, type Command } from './io.js';

const GRANT_USAGE = 'national-researcher|national-evaluator|coordinator:<house id>|evaluator:<house id>';

/** A grant as spelled on the command line; UsageError otherwise. */
export function parseGrantOption(text: string): Grant {
  const [kind, house] = text.split(':');
  const houseId = house === undefined ? undefined : /^\d{1,12}$/.test(house) ? Number(house) : -1;
  const grant = grantFrom(kind ?? '', houseId);
  if (!grant) throw new UsageError(`--grant ${text}: expected ${GRANT_USAGE}`);
  return grant;
}

/**
 * `users create --email <address> --name <name> --grant <grant> [--grant …] [--json]`: the password
 * comes from the ADMIN_NEW_PASSWORD environment variable or is generated and printed once.
 */
export const usersCreate: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      grant: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.email || !isValidEmail(values.email.trim().toLowerCase())) throw new UsageError('users create: --email <address> is required');
  if (!values.name?.trim()) throw new UsageError('users create: --name <name> is required');
  if (values.grant.length === 0) throw new UsageError(`users create: give at least one --grant ${GRANT_USAGE}`);
  const grants = values.grant.map(parseGrantOption);
  const given = process.env.ADMIN_NEW_PASSWORD;
  const password = given || randomToken(15);
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`ADMIN_NEW_PASSWORD: ${problem}`);
  const cli = await openCliDatabase();
  try {
    const created = await createAccount(cli.context(), { email: values.email, name: values.name, grants, password });
    if ('taken' in created) {
      io.stderr(`An account for ${values.email} already exists.\n`);
      return 1;
    }
    const { user } = created;
    const spelled = grants.map(grantSpelling);
    const out = { id: user.id, email: user.email, name: user.name, grants: spelled, ...(given ? {} : { password }) };
    print(io, values.json, out, () => `Created ${user.email} (${spelled.join(', ')})${given ? '' : ` with password: ${password}`}`);
    return 0;
  } finally {
    await cli.close();
  }
};

const summary = (u: Awaited<ReturnType<typeof allAccounts>>[number]) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  grants: u.grants.map(grantSpelling),
  disabled: u.disabled === 1,
  twoFactor: u.totp_enabled_at !== null,
});

/** `users list [--json]`. */
export const usersList: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const cli = await openCliDatabase();
  try {
    const users = (await allAccounts(cli.db)).map(summary);
    print(io, values.json, users, () =>
      users.length === 0 ? 'No accounts yet.' : users.map((u) => `${u.email}  ${u.grants.join(', ') || '(no grants)'}${u.disabled ? ' (geblokkeerd)' : ''}  ${u.name}`).join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};

/** `users grants --email <address> [--json]`: the account's grants. */
export const usersGrants: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { email: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.email) throw new UsageError('users grants: --email <address> is required');
  const cli = await openCliDatabase();
  try {
    const account = summary(await accountByEmail(cli.db, values.email).catch(() => {
      throw new Error(`No account ${values.email}`);
    }));
    print(io, values.json, account, () => `${account.email}: ${account.grants.join(', ') || '(no grants)'}`);
    return 0;
  } finally {
    await cli.close();
  }
};
