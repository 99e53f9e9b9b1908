/** A context's contract: its facade, requests, views, patterns and error codes (apps/<context>/src/contract/). */
const CONTRACT = '^apps/[^/]+/src/contract/';
/** What contracts may use of the platform: types and validation helpers that run no platform code. */
const CONTRACT_HELPERS = '^libs/common/src/(contracts/(call-context|context-descriptor|facade-contract|normalize|page-request|date-time[.]validator)|events/event-catalog)[.]ts$';
/** The registration list: every app's descriptor, which apps hand to the platform (AppDefinition.apps). */
const REGISTRATION = '^apps/contexts[.]ts$';

/**
 * Boundaries between apps and libraries (`npm run boundaries`, part of `npm test`). The rules
 * keep contexts extractable: an app may reach another app only through that context's
 * composition entry, so moving a context into its own process never breaks an import.
 * Paths are relative to the working directory, which is the repository root (or, in
 * test/boundaries, a fixture tree shaped like it).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'cross-app-internals',
      severity: 'error',
      comment:
        'Another app is reachable only through its composition entry apps/<Y>/src/<Y>.context.ts ' +
        'and its contract apps/<Y>/src/contract/; its services, controllers and models are private to it.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: ['^apps/$1/', '^apps/([^/]+)/src/\\1[.]context[.]ts$', CONTRACT, REGISTRATION] },
    },
    {
      name: 'cross-app-outside-composition',
      severity: 'error',
      comment:
        'Only composition files (*.bindings.ts, *.module.ts) decide which contexts an app hosts; ' +
        'anything else importing another app would break when that context runs elsewhere.',
      from: { path: '^apps/([^/]+)/', pathNot: '[.](bindings|module)[.]ts$' },
      // A contract is data and types only: the same wherever the context runs; so are the descriptors the registration lists.
      to: { path: '^apps/', pathNot: ['^apps/$1/', CONTRACT, REGISTRATION] },
    },
    {
      name: 'libs-not-apps',
      severity: 'error',
      comment: 'Libraries serve every app, so they cannot depend on any of them: the platform learns of the contexts from what the apps register.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contract-pure',
      severity: 'error',
      comment:
        "A contract is what other apps import of a context (facade, requests, views, patterns, codes): it may " +
        "import other contracts, the platform's contract helpers and packages, never platform runtime or the context's code.",
      from: { path: CONTRACT },
      to: { pathNot: [CONTRACT, CONTRACT_HELPERS, 'node_modules'] },
    },
    {
      name: 'contract-pure',
      severity: 'error',
      comment: "The platform's contract helpers import each other and packages only, so a contract importing them stays pure.",
      from: { path: CONTRACT_HELPERS },
      to: { pathNot: [CONTRACT_HELPERS, 'node_modules'] },
    },
    {
      name: 'resilience-standalone',
      severity: 'error',
      comment: 'libs/resilience is usable without the platform; it must not import libs/common.',
      from: { path: '^libs/resilience/' },
      to: { path: '^libs/common/' },
    },
    {
      name: 'foreign-prisma-client',
      severity: 'error',
      comment: "A context's Prisma client is its own: other apps and the libraries go through its facade.",
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/[^/]+/src/generated/', pathNot: '^apps/$1/' },
    },
    {
      name: 'prisma-client-outside-apps',
      severity: 'error',
      comment: "A context's Prisma client is its own: other apps and the libraries go through its facade.",
      from: { pathNot: '^apps/' },
      to: { path: '^apps/[^/]+/src/generated/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes module order matter and blocks moving either side elsewhere.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // The generated Prisma clients are targets of the rules above, not code to inspect.
    doNotFollow: { path: ['node_modules', '/generated/'] },
    // Type-only imports couple code just as much as value imports do.
    tsPreCompilationDeps: true,
    // For the @ficus/* path aliases.
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
