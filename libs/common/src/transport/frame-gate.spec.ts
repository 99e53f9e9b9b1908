import { FrameGate, FrameRefused } from './frame-gate.js';

const frame = (json: string) => `${json.length}#${json}`;

function refusal(gate: FrameGate, text: string): string | undefined {
  try {
    gate.pass(text);
    return undefined;
  } catch (error) {
    return error instanceof FrameRefused ? error.reason : 'other';
  }
}

describe('FrameGate', () => {
  it('follows frames however the stream is cut, pipelined ones and multi-unit characters included', () => {
    const stream = frame('{"pattern":"todos.get","data":"é😀"}') + frame('{"id":"2"}') + frame('{}');
    for (const size of [1, 2, 3, 7, stream.length]) {
      const gate = new FrameGate(1000);
      const ends: number[] = [];
      for (let at = 0; at < stream.length; at += size) {
        gate.pass(stream.slice(at, at + size));
        ends.push(gate.completed);
      }
      expect([size, gate.completed, gate.inFrame]).toEqual([size, 3, false]);
      expect(ends.at(-1)).toBe(3);
    }
  });

  it('is in a frame from its first length digit to its last character', () => {
    const gate = new FrameGate(1000);
    gate.pass('1');
    expect(gate.inFrame).toBe(true);
    gate.pass('0#{"a":"12"');
    expect([gate.inFrame, gate.completed]).toEqual([true, 0]);
    gate.pass('}');
    expect([gate.inFrame, gate.completed]).toEqual([false, 1]);
  });

  it('refuses at the first character that cannot start a frame, not after a buffer full', () => {
    expect(refusal(new FrameGate(1000), 'a'.repeat(64 * 1024))).toBe('bad_frame');
    expect(refusal(new FrameGate(1000), '{"pattern":"x"}')).toBe('bad_frame');
    expect(refusal(new FrameGate(1000), '#{}')).toBe('bad_frame');
    expect(refusal(new FrameGate(1000), '0#')).toBe('bad_frame');
    expect(refusal(new FrameGate(1000), '-5#')).toBe('bad_frame');
  });

  it('refuses a length over the limit as soon as it is read, before any of the frame', () => {
    expect(refusal(new FrameGate(1000), '1001#')).toBe('too_large');
    expect(refusal(new FrameGate(1000), '1000#')).toBeUndefined();
    // Digits alone, more of them than the limit has: no need to wait for the '#'.
    expect(refusal(new FrameGate(1000), '99999')).toBe('too_large');
    expect(refusal(new FrameGate(1000), '9999')).toBeUndefined();
  });
});
