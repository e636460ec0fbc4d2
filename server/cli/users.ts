/** `users create` and `users list`: accounts from the command line (e.g. a first account on a server without a browser). */
import { parseArgs } from 'node:util';
import { isValidEmail } from '../domain/fieldwork/participantsCsv.js';
import { UsageError } from '../errors.js';
import { passwordProblem } from '../security/passwords.js';
import { randomToken } from '../security/tokens.js';
import { createAccount, listAccounts } from '../services/accounts.js';
import { openCliDatabase, print, type Command } from './io.js';

/**
 * `users create --email <address> --name <name> [--role researcher|evaluator] [--json]`: the password
 * comes from the ADMIN_NEW_PASSWORD environment variable or is generated and printed once.
 */
export const usersCreate: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'researcher' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.email || !isValidEmail(values.email.trim().toLowerCase())) throw new UsageError('users create: --email <address> is required');
  if (!values.name?.trim()) throw new UsageError('users create: --name <name> is required');
  if (values.role !== 'researcher' && values.role !== 'evaluator') throw new UsageError('users create: --role must be researcher or evaluator');
  const given = process.env.ADMIN_NEW_PASSWORD;
  const password = given || randomToken(15);
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`ADMIN_NEW_PASSWORD: ${problem}`);
  const cli = await openCliDatabase();
  try {
    const created = await createAccount(cli.context(), { email: values.email, name: values.name, role: values.role, password });
    if ('taken' in created) {
      io.stderr(`An account for ${values.email} already exists.\n`);
      return 1;
    }
    const { user } = created;
    const out = { id: user.id, email: user.email, name: user.name, role: user.role, ...(given ? {} : { password }) };
    print(io, values.json, out, () => `Created ${user.role} ${user.email}${given ? '' : ` with password: ${password}`}`);
    return 0;
  } finally {
    await cli.close();
  }
};

/** `users list [--json]`. */
export const usersList: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const cli = await openCliDatabase();
  try {
    const users = (await listAccounts(cli.db)).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled === 1 }));
    print(io, values.json, users, () =>
      users.length === 0 ? 'No accounts yet.' : users.map((u) => `${u.email}  ${u.role}${u.disabled ? ' (geblokkeerd)' : ''}  ${u.name}`).join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
