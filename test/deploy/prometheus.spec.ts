import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { promtool } from '../support/promtool.js';

// The Prometheus configuration and alert rules under deploy/prometheus, checked by Prometheus'
// own promtool (README, "Alerts"). promtool missing fails these tests: CI installs it.
const DIR = resolve(__dirname, '../../deploy/prometheus');
const APPS = ['gateway', 'auth', 'todos', 'ai'];

interface RuleFile {
  groups: { name: string; rules: { alert?: string; expr: string }[] }[];
}

interface RuleTests {
  rule_files: string[];
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const read = <T>(file: string): T => parse(readFileSync(resolve(DIR, file), 'utf8')) as T;

describe('deploy/prometheus', () => {
  it('prometheus.yml is a valid configuration (its rule files included) that scrapes every app', () => {
    expect(promtool(['check', 'config', resolve(DIR, 'prometheus.yml')])).toMatchObject({ status: 0 });
    const config = read<{ rule_files: string[]; scrape_configs: { job_name: string }[] }>('prometheus.yml');
    expect(config.rule_files).toEqual(['alerts.yml']);
    expect(config.scrape_configs.map((job) => job.job_name)).toEqual(APPS.map((app) => `ficus-${app}`));
  });

  it('alerts.yml passes promtool check rules', () => {
    expect(promtool(['check', 'rules', resolve(DIR, 'alerts.yml')])).toMatchObject({ status: 0 });
  });

  it('every alert has a unit test that fires it and one that keeps it quiet', () => {
    const alerts = read<RuleFile>('alerts.yml').groups.flatMap((group) => group.rules.flatMap((rule) => (rule.alert ? [rule.alert] : [])));
    expect(alerts).toEqual(expect.arrayContaining(['FicusHighErrorRate', 'FicusSlowRoute', 'FicusCircuitBreakerOpen', 'FicusNotReady', 'FicusEventLoopLag', 'FicusMemoryNearLimit', 'FicusRestarting']));
    const cases = read<RuleTests>('alerts.test.yml').tests.flatMap((test) => test.alert_rule_test ?? []);
    const untested = alerts.filter((alert) => {
      const own = cases.filter((entry) => entry.alertname === alert);
      return !own.some((entry) => (entry.exp_alerts ?? []).length > 0) || !own.some((entry) => (entry.exp_alerts ?? []).length === 0);
    });
    expect(untested).toEqual([]);
  });

  it('the unit tests of alerts.yml pass (promtool test rules)', () => {
    expect(read<RuleTests>('alerts.test.yml').rule_files).toEqual(['alerts.yml']);
    const result = promtool(['test', 'rules', resolve(DIR, 'alerts.test.yml')]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });
});
