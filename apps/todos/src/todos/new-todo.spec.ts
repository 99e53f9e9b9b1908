import { newTodoHash, normaliseNewTodo, normaliseTags } from './new-todo.js';

const hash = (input: Parameters<typeof normaliseNewTodo>[0]) => newTodoHash(normaliseNewTodo(input));

describe('new todo normalisation', () => {
  it('trims, applies defaults, parses dates and drops duplicate tags in first-seen order', () => {
    expect(normaliseNewTodo({ title: ' Buy milk ', tags: ['b', ' a', 'b', 'a '], dueAt: '2026-12-01T17:00:00+01:00', parentId: 'ABCDEF00-0000-7000-8000-000000000000' })).toEqual({
      title: 'Buy milk',
      description: null,
      dueAt: new Date('2026-12-01T16:00:00.000Z'),
      priority: 'medium',
      tags: ['b', 'a'],
      parentId: 'abcdef00-0000-7000-8000-000000000000',
    });
    expect(normaliseTags(undefined)).toEqual([]);
  });

  it('hashes two spellings of one request alike and any real difference apart', () => {
    const base = hash({ title: 'Pay rent', tags: ['home'] });
    expect(hash({ title: ' Pay rent', tags: ['home', 'home'], priority: 'medium' })).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const different of [{ title: 'Pay Rent', tags: ['home'] }, { title: 'Pay rent' }, { title: 'Pay rent', tags: ['home'], priority: 'high' as const }, { title: 'Pay rent', tags: ['home'], description: '' }]) {
      expect(hash(different)).not.toBe(base);
    }
  });
});
