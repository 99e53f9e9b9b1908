import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// `npm run boundaries` passing on the real tree proves little unless the rules can fail: this runs
// the same cruiser and configuration on a fixture tree with one file per broken rule, next to
// imports the rules allow.
const ROOT = resolve(__dirname, '../..');
const FIXTURES = resolve(__dirname, 'fixtures');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** The cruiser on the fixture tree, as `npm run boundaries` runs it on the repository. */
function cruiseFixtures(...extraArgs: string[]) {
  const cli = resolve(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [cli, 'apps', 'libs', '--config', resolve(ROOT, '.dependency-cruiser.cjs'), ...extraArgs];
  return spawnSync(process.execPath, args, { cwd: FIXTURES, encoding: 'utf8' });
}

describe('boundary rules (.dependency-cruiser.cjs)', () => {
  let violations: Violation[] = [];
  beforeAll(() => {
    const run = cruiseFixtures('--output-type', 'json');
    if (!run.stdout) throw new Error(`dependency-cruiser printed nothing:\n${run.stderr}`);
    violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  });

  it('fails the run, naming the rule', () => {
    const run = cruiseFixtures();
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('error cross-app-internals: apps/gateway/src/internals.ts → apps/auth/src/auth.service.ts');
  });

  it('reports every broken rule, and nothing else', () => {
    expect(violations.every(({ rule }) => rule.severity === 'error')).toBe(true);
    const found = violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).toSorted();
    expect(found).toEqual(
      [
        'contract-pure: apps/auth/src/contract/auth.facade.ts → apps/auth/src/auth.service.ts',
        'contract-pure: apps/auth/src/contract/auth.facade.ts → libs/common/src/index.ts',
        'contract-pure: libs/common/src/contracts/normalize.ts → libs/common/src/index.ts',
        'cross-app-internals: apps/gateway/src/internals.ts → apps/auth/src/auth.service.ts',
        'cross-app-internals: apps/gateway/src/gateway.module.ts → apps/auth/src/generated/client.ts',
        'cross-app-outside-composition: apps/gateway/src/internals.ts → apps/auth/src/auth.service.ts',
        'cross-app-outside-composition: apps/gateway/src/sneaky.controller.ts → apps/auth/src/auth.context.ts',
        'foreign-prisma-client: apps/gateway/src/gateway.module.ts → apps/auth/src/generated/client.ts',
        'libs-not-apps: libs/common/src/contracts/service-calls.ts → apps/auth/src/auth.service.ts',
        'libs-not-apps: libs/common/src/contracts/service-calls.ts → apps/auth/src/contract/auth.facade.ts',
        'libs-not-apps: libs/common/src/prisma-peek.ts → apps/auth/src/generated/client.ts',
        'libs-not-apps: libs/common/src/uses-app.ts → apps/auth/src/auth.context.ts',
        'no-circular: libs/common/src/cycle-a.ts → libs/common/src/cycle-b.ts',
        'prisma-client-outside-apps: libs/common/src/prisma-peek.ts → apps/auth/src/generated/client.ts',
        'resilience-standalone: libs/resilience/src/uses-common.ts → libs/common/src/index.ts',
      ].toSorted(),
    );
  });

  it('allows a composition file to import another context’s entry, any file a contract or the registration list, and an app its own files', () => {
    for (const file of ['apps/contexts.ts', 'apps/gateway/src/gateway.app.ts', 'apps/gateway/src/gateway.bindings.ts', 'apps/gateway/src/uses-contract.ts', 'apps/auth/src/auth.context.ts', 'apps/auth/src/auth.service.ts']) {
      expect(violations.filter(({ from }) => from === file)).toEqual([]);
    }
  });

  it('allows a contract the platform’s contract helpers', () => {
    const allowed = ['apps/auth/src/contract/auth.facade.ts → libs/common/src/contracts/call-context.ts'];
    expect(violations.map(({ from, to }) => `${from} → ${to}`).filter((edge) => allowed.includes(edge))).toEqual([]);
  });
});
