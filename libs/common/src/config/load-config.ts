import { readFileSync } from 'node:fs';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { withDevelopmentDefaults } from './development-defaults.js';

/** Thrown when the environment does not describe a valid configuration; lists every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Resolves `<NAME>_FILE` variables (Docker/Kubernetes secrets) into `<NAME>`.
 * Setting both is ambiguous and reported rather than silently preferring one.
 */
function resolveFileSecrets(env: NodeJS.ProcessEnv, known: Set<string>, problems: string[]): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && known.has(key)) resolved[key] = value;
  }
  for (const name of known) {
    const key = `${name}_FILE`;
    const file = env[key];
    if (!file) continue;
    if (env[name] !== undefined) {
      problems.push(`${name}: set either ${name} or ${key}, not both`);
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      const reason = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
      problems.push(`${key}: cannot read ${file} (${reason})`);
    }
  }
  return resolved;
}

function describe(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const messages = Object.values(error.constraints ?? {});
    return messages.length > 0 ? [`${error.property}: ${messages.join('; ')}`] : describe(error.children ?? []);
  });
}

/** The variables a schema declares: every property that carries a validation decorator. */
export function configKeys(schema: ClassConstructor<object>): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return new Set(metadata.map((entry) => entry.propertyName));
}

/** The variable a problem line is about (`PORT: must be…` → `PORT`). */
const keyOf = (problem: string): string => problem.slice(0, problem.indexOf(':'));

/**
 * Reads and validates the configuration once. Unknown environment variables are ignored;
 * values are never echoed back, since some of them are secrets. `required` adds what the app
 * cannot start without (see `hostingProblems`), reported in the same message as every other
 * bad key — once per key.
 */
export function loadConfig<T extends object>(schema: ClassConstructor<T>, env: NodeJS.ProcessEnv = process.env, required?: (config: T) => string[]): T {
  const problems: string[] = [];
  const known = configKeys(schema);
  const plain = withDevelopmentDefaults(resolveFileSecrets(env, known, problems), known);
  const config = plainToInstance(schema, plain, { exposeDefaultValues: true });
  problems.push(...describe(validateSync(config, { forbidUnknownValues: false })));
  const reported = new Set(problems.map(keyOf));
  problems.push(...(required?.(config) ?? []).filter((problem) => !reported.has(keyOf(problem))));
  if (problems.length > 0) throw new ConfigError(problems.toSorted());
  return config;
}
