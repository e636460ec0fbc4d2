/** `house create`, `house list` and `house merge`: houses (Veiligheidshuizen) from the command line. */
import { parseArgs } from 'node:util';
import { AppError, UsageError } from '../errors.js';
import { allHouses, createHouse, mergeHouses, nearDuplicates } from '../services/houses.js';
import { openCliDatabase, print, type Command } from './io.js';

/** `house create --name <name> [--region <region>] [--municipalities "A, B"] [--json]`. */
export const houseCreate: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, region: { type: 'string' }, municipalities: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const name = values.name?.trim() ?? '';
  if (!name || name.length > 200) throw new UsageError('house create: --name <name> is required (at most 200 characters)');
  const municipalities = [...new Set((values.municipalities ?? '').split(/[,;]+/).map((m) => m.trim()).filter(Boolean))];
  const cli = await openCliDatabase();
  try {
    const house = await createHouse(cli.context(), { name, region: values.region?.trim() || null, municipalities }).catch((error: unknown) => {
      if (error instanceof AppError) throw new Error(`house create: ${error.message}`);
      throw error;
    });
    print(io, values.json, house, () => `Created house ${house.id}: ${house.name}`);
    return 0;
  } finally {
    await cli.close();
  }
};

/** `house list [--json]`: every house with its waves and grants, and the groups of near-duplicate names. */
export const houseList: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const cli = await openCliDatabase();
  try {
    const houses = await allHouses(cli.db);
    const duplicates = nearDuplicates(houses).map((group) => group.map((h) => ({ id: h.id, name: h.name })));
    print(io, values.json, { houses, nearDuplicates: duplicates }, () =>
      [
        ...(houses.length === 0 ? ['No houses.'] : houses.map((h) => `${String(h.id).padStart(4)}  ${h.name}  (${h.waves} waves, ${h.grants} grants)`)),
        ...duplicates.map((g) => `Possibly the same house: ${g.map((h) => `${h.id} ${h.name}`).join(' / ')} (house merge --from <id> --into <id>)`),
      ].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};

/** `house merge --from <id> --into <id> [--json]`: waves and grants of one house move to the other, which stays. */
export const houseMerge: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, into: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const ids = [values.from, values.into].map((v) => (v && /^\d{1,12}$/.test(v) ? Number(v) : NaN));
  if (ids.some(Number.isNaN)) throw new UsageError('house merge: --from <house id> and --into <house id> are required');
  const cli = await openCliDatabase();
  try {
    const moved = await mergeHouses(cli.context(), ids[0]!, ids[1]!).catch((error: unknown) => {
      if (error instanceof AppError) throw new Error(`house merge: ${error.message}`);
      throw error;
    });
    print(io, values.json, { from: ids[0], into: ids[1], ...moved }, () => `Merged house ${ids[0]} into ${ids[1]}: ${moved.waves} waves and ${moved.grants} grants moved`);
    return 0;
  } finally {
    await cli.close();
  }
};
