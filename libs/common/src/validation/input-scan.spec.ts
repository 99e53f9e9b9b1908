import { MAX_INPUT_DEPTH, scanInput, type TextRule } from './input-scan.js';

/** `levels` arrays in each other, the innermost holding `inner`; built without recursion. */
function nested(levels: number, inner: unknown = 'x'): unknown {
  let value = inner;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

const hasX: TextRule = (text) => (text.includes('x') ? 'holds an x' : undefined);
const hasY: TextRule = (text) => (text.includes('y') ? 'holds a y' : undefined);

describe('scanInput', () => {
  it('applies every rule to every string, naming fields by dotted path in document order', () => {
    const value = { a: 'x', b: { c: ['ok', 'xy'], d: 'y' }, e: 3, f: null };
    expect(scanInput(value, [hasX, hasY])).toEqual({
      problems: [
        { field: 'a', messages: ['holds an x'] },
        { field: 'b.c.1', messages: ['holds an x', 'holds a y'] },
        { field: 'b.d', messages: ['holds a y'] },
      ],
      tooDeep: false,
    });
  });

  it('names a scalar by its root, or "value" without one', () => {
    expect(scanInput('x', [hasX], { root: 'id' }).problems).toEqual([{ field: 'id', messages: ['holds an x'] }]);
    expect(scanInput('x', [hasX]).problems).toEqual([{ field: 'value', messages: ['holds an x'] }]);
    expect(scanInput({ a: 'x' }, [hasX], { root: 'query' }).problems).toEqual([{ field: 'query.a', messages: ['holds an x'] }]);
  });

  it(`takes ${MAX_INPUT_DEPTH} levels and refuses one more, at the path where it starts`, () => {
    expect(scanInput(nested(MAX_INPUT_DEPTH), [hasX]).tooDeep).toBe(false);
    const scan = scanInput({ deep: nested(MAX_INPUT_DEPTH) }, [hasX]);
    expect(scan.tooDeep).toBe(true);
    expect(scan.problems).toEqual([{ field: `deep${'.0'.repeat(MAX_INPUT_DEPTH - 1)}`, messages: [`must not nest deeper than ${MAX_INPUT_DEPTH} levels`] }]);
  });

  it('walks a million levels without recursion, looking no deeper than the limit', () => {
    const rule = jest.fn<string | undefined, [string]>(() => undefined);
    expect(scanInput(nested(1_000_000), [rule]).tooDeep).toBe(true);
    expect(rule).not.toHaveBeenCalled();
  });

  it('checks keys when asked, reporting the member they name and not looking inside it', () => {
    const value = { ok: 'y', 'kx': { inner: 'x' } };
    expect(scanInput(value, [hasX]).problems).toEqual([{ field: 'kx.inner', messages: ['holds an x'] }]);
    expect(scanInput(value, [hasX], { keys: true }).problems).toEqual([{ field: 'kx', messages: ['holds an x'] }]);
  });
});
