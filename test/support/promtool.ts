import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  status: number | null;
  /** stdout and stderr together: promtool reports lint problems on either. */
  output: string;
}

/**
 * Runs Prometheus' `promtool` (Debian package `prometheus`; `.ci/ensure-services.sh` installs
 * it). A missing promtool fails the test rather than skipping it: the checks it makes are the
 * point of the tests that call it.
 */
export function promtool(args: readonly string[], input?: string): PromtoolResult {
  const result = spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 60_000 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'promtool is not installed: run .ci/ensure-services.sh (Debian package prometheus)' : `promtool failed to run: ${result.error.message}`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
