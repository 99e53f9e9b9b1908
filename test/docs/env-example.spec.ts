import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, configKeys } from '@ficus/common';
import { documentedSettings, exampleLine } from './documented-settings.js';

const read = (file: string) => readFileSync(resolve(__dirname, '../..', file), 'utf8');

describe('.env.example', () => {
  const settingLines = read('.env.example')
    .split('\n')
    .filter((line) => /^#? ?[A-Z][A-Z0-9_]+=/.test(line));

  it("lists every setting of the README's configuration tables at its documented default, in order", () => {
    expect(settingLines).toEqual(documentedSettings(read('README.md')).map(exampleLine));
  });

  it.each([...configKeys(AppConfig)])('lists %s', (key) => {
    expect(settingLines.some((line) => line.startsWith(`# ${key}=`))).toBe(true);
  });
});
