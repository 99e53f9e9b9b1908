/** One setting of the README's configuration tables: its name and its default, when that is one plain value. */
export interface DocumentedSetting {
  key: string;
  /** The value as `.env` would spell it; empty when the default is unset, derived or differs by environment. */
  value: string;
}

const SETTING = /^[A-Z][A-Z0-9_]+$/;

/** The setting names a table cell quotes. */
const keysOf = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter((name) => SETTING.test(name));

/** The single `literal` a default cell holds (a remark in parentheses aside, unless it names another value), else ''. */
function plainValue(cell: string, keys: ReadonlySet<string>): string {
  if (/\([^)]*`/.test(cell)) return '';
  const literal = /^`([^`]*)`$/.exec(cell.replace(/\s*\(.*\)\s*/g, '').trim())?.[1];
  // A default that names another setting (`DATABASE_URL`) means "falls back to it": unset here.
  return literal === undefined || keys.has(literal) ? '' : literal;
}

/**
 * The settings of the README's "Configuration" tables (the apps' and the tooling's), in order.
 * A row may name several settings (`A` / `B`) with one default each, or share one default.
 */
export function documentedSettings(readme: string): DocumentedSetting[] {
  const section = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n### Rate limiting\n'));
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '')));
  const keys = new Set(rows.flatMap(([names]) => keysOf(names)));
  return rows.flatMap(([names, defaults]) => {
    const own = keysOf(names);
    const parts = defaults.split(' / ');
    return own.map((key, index) => ({ key, value: plainValue(parts.length === own.length ? parts[index] : defaults, keys) }));
  });
}

/** The line of `.env.example` for a setting: commented out, at its default. */
export const exampleLine = (setting: DocumentedSetting): string => `# ${setting.key}=${setting.value}`;
