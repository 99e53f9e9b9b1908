import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** A secret or config as a service names it: the short form (its name) or the long one. */
export type FileReference = string | { source: string; target?: string; uid?: string; gid?: string; mode?: string };

/** The parts of a compose service the tests read. */
export interface ComposeService {
  image?: string;
  command?: string[];
  build?: { context?: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string | null> | string[];
  extra_hosts?: string[];
  ports?: string[];
  secrets?: FileReference[];
  configs?: FileReference[];
  volumes?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
}

/** A top-level secret or config: from a file, or from a variable of compose's environment. */
export interface ComposeFileObject {
  file?: string;
  environment?: string;
}

export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  secrets?: Record<string, ComposeFileObject>;
  configs?: Record<string, ComposeFileObject>;
}

export const REPO_ROOT = resolve(__dirname, '../..');

/** docker-compose.yml's text. */
export const composeSource = (): string => readFileSync(resolve(REPO_ROOT, 'docker-compose.yml'), 'utf8');

/** docker-compose.yml parsed as compose reads it: anchors, aliases and `<<` merge keys resolved. */
export const loadCompose = (source = composeSource()): ComposeFile => parse(source, { merge: true, maxAliasCount: -1 }) as ComposeFile;

/** Compose accepts `environment` as a map or as `NAME=value` lines. */
export function environmentOf(service: ComposeService): Record<string, string | null> {
  const { environment = {} } = service;
  if (!Array.isArray(environment)) return environment;
  return Object.fromEntries(environment.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** The name of the secret or config a service refers to. */
export const sourceOf = (reference: FileReference): string => (typeof reference === 'string' ? reference : reference.source);
