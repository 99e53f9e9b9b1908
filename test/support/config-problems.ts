import { AppConfig, ConfigError, loadConfig } from '@ficus/common';

/** What loadConfig says is wrong with `env`: one line per problem, none when it loads. */
export function configProblems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(AppConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
