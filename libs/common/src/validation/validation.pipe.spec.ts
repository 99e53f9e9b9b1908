import type { ValidationError } from '@nestjs/common';
import { toFieldProblems } from './validation.pipe.js';

describe('toFieldProblems', () => {
  it('flattens nested and array errors into dotted paths', () => {
    const errors: ValidationError[] = [
      { property: 'title', constraints: { isNotEmpty: 'title should not be empty' }, children: [] },
      {
        property: 'items',
        children: [{ property: '0', children: [{ property: 'name', constraints: { isString: 'name must be a string', maxLength: 'too long' }, children: [] }] }],
      },
    ];
    expect(toFieldProblems(errors)).toEqual([
      { field: 'title', messages: ['title should not be empty'] },
      { field: 'items.0.name', messages: ['name must be a string', 'too long'] },
    ]);
  });
});
