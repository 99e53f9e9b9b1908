import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, configKeys } from '@ficus/common';

describe('README configuration table', () => {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

  it.each([...configKeys(AppConfig)])('documents %s', (key) => {
    expect(readme).toContain(`\`${key}\``);
  });
});
