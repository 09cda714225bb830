/**
 * The layers of functions/ (docs/architecture.md), checked by `npm run lint:layers`
 * (part of `npm test`): dependencies point one way.
 *   core/         pure domain: core only, dinero.js and node built-ins
 *   application/  use cases: core and the ports they declare (application/ports/)
 *   adapters/     the outside world: core, the ports they implement, settings, other adapters
 *   api/          the route manifest and its zod schemas: core, zod
 *   manifest/     what the platform deploys (table, workflows, schedules, streams): api types
 *   settings/     the only reader of process.env: core
 *   composition/  the composition root: builds the real ports from the adapters, once per process
 *   entry points  http/, workflow/, schedules/, streams/: application, core, api, manifest,
 *                 composition and adapters/runtime/ (the clock and the request context)
 * Nothing under functions/ imports lib/ or test/.
 */
const entryPoints = '^functions/(http|workflow|schedules|streams)/';
module.exports = {
  forbidden: [
    {
      name: 'functions-not-to-lib-or-test',
      comment: 'Runtime code never depends on the infrastructure (lib/) or the tests.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(lib|test|bin)/' },
    },
    {
      name: 'core-is-pure',
      comment: 'core/ imports only core/, dinero.js and node built-ins: no AWS, no I/O, no clock.',
      severity: 'error',
      from: { path: '^functions/core/' },
      to: { pathNot: ['^functions/core/', '^node_modules/dinero\\.js', '^node_modules/@dinero\\.js'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'application-uses-core-and-ports',
      comment: 'Use cases import core and their ports, never an adapter, an entry point or the SDK.',
      severity: 'error',
      from: { path: '^functions/application/' },
      to: { pathNot: ['^functions/(core|application)/', '^node_modules/(dinero\\.js|@dinero\\.js|zod)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'adapters-not-to-use-cases',
      comment: 'Adapters implement ports; they never call a use case or an entry point.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: ['^functions/application/(?!ports/)', entryPoints] },
    },
    {
      name: 'api-is-declarative',
      comment: 'The route manifest and schemas import core and zod only.',
      severity: 'error',
      from: { path: '^functions/(api|manifest)/' },
      to: { path: ['^functions/(application|adapters|http|workflow|schedules|streams|settings)/'] },
    },
    {
      name: 'settings-read-only-core',
      severity: 'error',
      from: { path: '^functions/settings/' },
      to: { path: '^functions/(?!core/|settings/)' },
    },
    {
      name: 'entry-points-stay-apart',
      comment: 'An entry point does not import another kind of entry point.',
      severity: 'error',
      from: { path: '^functions/(http|workflow|schedules|streams)/' },
      to: { path: entryPoints, pathNot: '^functions/$1/' },
    },
    {
      name: 'entry-points-wire-through-composition',
      comment: 'An entry point reaches the outside world only through the composition root (and its runtime: clock, request context).',
      severity: 'error',
      from: { path: entryPoints },
      to: { path: '^functions/adapters/', pathNot: '^functions/adapters/runtime/' },
    },
    {
      name: 'only-entry-points-use-the-composition-root',
      severity: 'error',
      from: { path: '^functions/', pathNot: ['^functions/composition/', entryPoints] },
      to: { path: '^functions/composition/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^functions/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
