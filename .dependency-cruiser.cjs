// The walls of the house (ARCHITECTURE.md): arrows run routes → services → repositories →
// packages and never back; console features never import each other. `pnpm lint` enforces it.
const API = '^apps/api/src/';

// Tests may reach across layers to set things up; the walls are for the code they test.
const TESTS = '\\.test\\.tsx?$|/testing/|^test/';

/** A rule that a module in `from` may not import anything in `to`. */
const wall = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from, pathNot: TESTS }, to: { path: to } });

module.exports = {
  forbidden: [
    wall(
      'lib-is-the-floor',
      'lib/ holds pure helpers (errors, parsers, queue names): it imports no layer above it',
      `${API}lib/`,
      `${API}(http|routes|services|repositories|jobs|cli|demo|embedded|context|bootstrap|server|app|main)`,
    ),
    wall(
      'repositories-below-services',
      'repositories touch Kysely, S3 and ffmpeg only; they never call up into services, routes or jobs',
      `${API}repositories/`,
      `${API}(http|routes|services|jobs|cli|demo|context|bootstrap|server|app|main)`,
    ),
    wall(
      'services-below-routes',
      'services hold the rules and know nothing of HTTP, jobs or the CLI',
      `${API}services/`,
      `${API}(http|routes|jobs|cli|demo|bootstrap|server|app|main)`,
    ),
    wall(
      'context-below-services',
      'the AppContext type sits between services and repositories',
      `${API}(context|config|logger)\\.ts$`,
      `${API}(http|routes|services|jobs|cli|demo|bootstrap|server|app|main)`,
    ),
    wall(
      'routes-call-services',
      'a route validates input and calls one service; it never reaches a repository',
      `${API}(routes|http)/`,
      `${API}repositories/`,
    ),
    wall(
      'http-is-not-a-route',
      'http/ is middleware for routes; it does not import the routers',
      `${API}http/`,
      `${API}(routes|jobs|cli)/`,
    ),
    wall('packages-are-leaves', 'packages/* are shared by apps and never import them', '^packages/', '^apps/'),
    wall(
      'vault-does-no-io',
      'the vault is pure streams and crypto: no database, no S3, no other package',
      '^packages/vault/',
      '^packages/(db|contracts)/|node_modules/(kysely|pg|@aws-sdk)',
    ),
    {
      name: 'console-features-are-islands',
      comment: 'a console feature imports lib/, components/ and its own files, never another feature',
      severity: 'error',
      from: { path: '^apps/console/src/features/([^/]+)/', pathNot: TESTS },
      to: { path: '^apps/console/src/features/([^/]+)/', pathNot: '^apps/console/src/features/$1/' },
    },
    wall(
      'share-page-stands-alone',
      "the agency's page (src/share) is its own bundle: it takes pure helpers from lib/, nothing of the staff console",
      '^apps/console/src/share/',
      '^apps/console/src/(features|app|components|main\\.tsx)|^apps/console/src/lib/(messages/|i18n|api-client|react-query|query-keys|authorization|packet-authorization)',
    ),
    wall(
      'console-shared-below-features',
      'lib/ and components/ are shared by features and must not import them or the app',
      '^apps/console/src/(lib|components)/',
      '^apps/console/src/(features|app)/',
    ),
    {
      name: 'ffmpeg-reads-through-media-input',
      comment:
        'the loopback source serves plaintext to the processes it admits; only withMediaInput (media-input.ts) starts one, admitting exactly the ffmpeg children it spawns',
      severity: 'error',
      from: { path: `${API}`, pathNot: `${TESTS}|^apps/api/src/repositories/media/media-input\\.ts$` },
      to: { path: `${API}repositories/media/loopback-source\\.ts$` },
    },
    {
      name: 'no-circular',
      comment: 'a cycle means two modules are really one, or one sits at the wrong depth',
      severity: 'error',
      from: { path: '^(apps|packages)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.lint.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
  },
};
