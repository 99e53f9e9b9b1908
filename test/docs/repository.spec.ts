import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** Not the project's own text: installed, built, generated or local. */
const SKIPPED = new Set(['node_modules', 'dist', '.data', '.git', 'generated', 'coverage', 'package-lock.json']);
const TEXT = /\.(ts|js|mjs|cjs|json|md|ya?ml|sh|prisma|sql|conf)$|^(Dockerfile|LICENSE|\.env\.example|run)$/;

function* projectFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIPPED.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* projectFiles(path);
    else if (TEXT.test(name)) yield path;
  }
}

describe('the repository stands alone', () => {
  it('ships the MIT license that package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain('Permission is hereby granted, free of charge');
  });

  it('refers to nothing outside itself: no notes beside it, no path of the machine it was written on', () => {
    const outside = /shared notes|\/work\/(shared|main|wt)\b/i;
    // This file names what it looks for, so it is the one file not read.
    const offenders = [...projectFiles(ROOT)].filter((file) => file !== __filename && outside.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
