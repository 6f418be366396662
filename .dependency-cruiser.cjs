/**
 * The import rules `npm run lint:imports` (part of `npm test`) holds the code to.
 *
 * Packages depend one way (DESIGN.md, "Layout"):
 *   core <- command-patterns <- executor <- orchestrator;  core <- worker <- orchestrator;  cli on top.
 * (The daemon puts jobs on the LLM queue with the worker package's producer, LlmQueueClient.)
 * A package's tests follow the same direction: tests/<pkg>/ imports that package and those below
 * it, so the tests of a lower package never need a higher one to run.
 *
 * `@ai-sysadmin/<pkg>` resolves through the packages' `source` export condition to their
 * src/, so the graph is of the sources and needs no build.
 */
const BELOW = {
  core: [],
  'command-patterns': ['core'],
  executor: ['core', 'command-patterns'],
  worker: ['core'],
  orchestrator: ['core', 'command-patterns', 'executor', 'worker'],
  cli: ['core', 'command-patterns', 'executor', 'worker', 'orchestrator'],
};
const PACKAGES = Object.keys(BELOW);
/** What the tests of a package may use besides the packages: the rig and the helpers. */
const TEST_SUPPORT = ['tests/rig/', 'tests/helpers/'];

const notBelow = (name) => PACKAGES.filter((other) => other !== name && !BELOW[name].includes(other));
const anyOf = (names) => `^packages/(${names.join('|')})/`;

const packageDirection = PACKAGES.filter((name) => notBelow(name).length > 0).map((name) => ({
  name: `${name}-imports-only-below`,
  comment: `packages/${name} may import only ${BELOW[name].join(', ') || 'no other package'} (the package direction in DESIGN.md)`,
  severity: 'error',
  from: { path: `^packages/${name}/` },
  to: { path: anyOf(notBelow(name)) },
}));

const testDirection = PACKAGES.filter((name) => notBelow(name).length > 0).map((name) => ({
  name: `tests-of-${name}-import-only-below`,
  comment: `tests/${name} may import only ${[name, ...BELOW[name]].join(', ')}: the tests of a package follow its direction`,
  severity: 'error',
  from: { path: `^tests/${name}/` },
  to: { path: anyOf(notBelow(name)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A module may not import itself through others: the chain is printed; break it by moving the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...packageDirection,
    ...testDirection,
    {
      name: 'rig-imports-only-core-and-command-patterns',
      comment: 'The test rig (real servers) stands below every package under test.',
      severity: 'error',
      from: { path: '^tests/rig/' },
      to: { path: anyOf(notBelow('command-patterns')) },
    },
    {
      name: 'sources-never-import-tests',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'packages-import-each-other-by-name',
      comment:
        'Another package is imported as @ai-sysadmin/<pkg> (its public API), never by a relative path into its files.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/', pathNot: '^packages/$1/', dependencyTypes: ['local'] },
    },
    {
      name: 'processes-start-only-in-the-local-runner',
      comment:
        'Only the local runner spawns processes (always argv, never a shell); everything else runs commands through a runner.',
      severity: 'error',
      from: { path: '^packages/', pathNot: '^packages/executor/src/runner/local-runner\\.ts$' },
      to: { path: '^(node:)?child_process$', dependencyTypes: ['core'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing (a typo, a file that moved).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['/dist/', '^tests/fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
