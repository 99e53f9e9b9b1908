import { ValidationProblem } from '@ficus/common';
import { parseIfMatch } from './todo-headers.js';

describe('If-Match', () => {
  it.each([
    [undefined, undefined],
    ['*', undefined],
    ['"1"', 1],
    [' "42" ', 42],
    ['"2147483647"', 2_147_483_647],
  ])('reads %j as version %j', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it.each(['1', '"0"', 'W/"1"', '"1", "2"', '"2147483648"', '""', '"01"'])('refuses %j with a field error on If-Match', (header) => {
    expect(() => parseIfMatch(header)).toThrow(ValidationProblem);
  });
});
