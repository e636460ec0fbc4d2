/**
 * The import direction of server/ (README, "Testing" and "Layout"), checked by `npm run lint`: routes
 * and the command line call services; only services and db/ touch repositories; domain/ is pure code.
 * (SQL written through app.db needs no import: lint/sqlOutsideDb.ts looks for that.) Paths are
 * relative to the folder the check runs in, so tests/lint/ runs these same rules on a tree of its own.
 */

/** An npm package, resolved (node_modules/name/…) or not. */
const pkg = (...names) => `(^|node_modules/)(${names.join('|')})(/|$)`;
/** Node's file system module under every name it can be imported by. */
const FS = '^(node:)?fs(/promises)?$';
/** The layers above db/: what handles a request or a command, and the app and launcher that wire them. */
const UPPER = '^server/(plugins|routes|services|cli)/|^server/(app|server|cli)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'server/domain/ imports no HTTP (fastify), SQL (kysely, better-sqlite3), mail (nodemailer) or file system: ' +
        'read files and databases in db/, a service or the command line and pass the data in.',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { path: [pkg('fastify', '@fastify/[^/]+', 'fastify-plugin', 'kysely', 'nodemailer', 'better-sqlite3'), FS] },
    },
    {
      name: 'domain-imports-only-domain',
      comment: 'server/domain/ never sees a request, SQL, mail or a use case: of server/ it imports only domain/ (and errors.ts).',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { path: `${UPPER}|^server/(db|mail|security)/` },
    },
    {
      name: 'db-imports-no-upper-layer',
      comment: 'server/db/ never sees a request or a use case: no plugins, routes, services or command line.',
      severity: 'error',
      from: { path: '^server/db/' },
      to: { path: UPPER },
    },
    {
      name: 'routes-and-cli-no-kysely',
      comment: 'Routes and the command line build no SQL: they call a service.',
      severity: 'error',
      from: { path: '^server/(routes/|cli/|cli\\.ts$)' },
      to: { path: pkg('kysely', 'better-sqlite3') },
    },
    {
      name: 'repositories-only-from-services-and-db',
      comment: 'Only services (and db/ itself) call repositories; routes, the command line, plugins and mail go through a service.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/(services|db)/' },
      to: { path: '^server/db/repositories/' },
    },
    {
      name: 'security-and-domain-no-plugins',
      comment: 'security/ and domain/ are plain modules that the plugins decorate the app with; they never import a plugin.',
      severity: 'error',
      from: { path: '^server/(security|domain)/' },
      to: { path: '^server/plugins/' },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycle in server/; type-only imports count, because they tie the two modules together just the same.',
      severity: 'error',
      from: { path: '^server/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    // a type taken from kysely ties domain/ to SQL as much as a value does
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
