import { BreakdownAnswer, PlanAnswer } from './model-answers.js';
import { parseModelAnswer } from './parse-answer.js';
import { dataBlock } from './prompts.js';

const subtasks = { subtasks: [{ title: '  Draft the intro ', rationale: 'Starts the work.', extra: 'dropped' }] };

describe('parseModelAnswer', () => {
  it('accepts the JSON asked for, trimmed, without unknown properties, also inside one whole Markdown fence', () => {
    for (const text of [JSON.stringify(subtasks), `\`\`\`json\n${JSON.stringify(subtasks)}\n\`\`\``]) {
      const parsed = parseModelAnswer(text, BreakdownAnswer);
      expect(parsed).toEqual({ ok: true, value: expect.any(BreakdownAnswer) });
      const value = parsed.ok ? JSON.parse(JSON.stringify(parsed.value)) : undefined;
      expect(value).toEqual({ subtasks: [{ title: 'Draft the intro', rationale: 'Starts the work.' }] });
    }
  });

  it('rejects prose, JSON around prose, arrays and invalid fields, saying what is wrong', () => {
    expect(parseModelAnswer('Sure! {"subtasks": []}', BreakdownAnswer)).toEqual({ ok: false, problems: ['the answer is not valid JSON'] });
    expect(parseModelAnswer('[]', BreakdownAnswer)).toEqual({ ok: false, problems: ['the answer must be one JSON object'] });
    const blank = parseModelAnswer('{"subtasks":[{"title":"   ","rationale":"r"}]}', BreakdownAnswer);
    expect(blank).toEqual({ ok: false, problems: expect.arrayContaining(['subtasks.0.title: title must not be blank']) });
    expect(parseModelAnswer('{"subtasks":[]}', BreakdownAnswer)).toEqual({ ok: false, problems: ['subtasks: subtasks must contain at least 1 elements'] });
  });

  it('rejects NUL characters anywhere, which the database could not store', () => {
    const text = JSON.stringify({ subtasks: [{ title: 'Do\u0000 it', rationale: 'ok' }, { title: 'Fine', rationale: 'r\u0000' }] });
    expect(parseModelAnswer(text, BreakdownAnswer)).toEqual({ ok: false, problems: ['subtasks.0.title: must not contain NUL characters', 'subtasks.1.rationale: must not contain NUL characters'] });
  });

  it('rejects lone surrogates, which the database would store as U+FFFD', () => {
    const text = JSON.stringify({ subtasks: [{ title: 'Do \ud800 it', rationale: 'ok' }] });
    expect(parseModelAnswer(text, BreakdownAnswer)).toEqual({ ok: false, problems: ['subtasks.0.title: must be valid Unicode text (it holds a lone surrogate)'] });
  });

  it('rejects an answer nested deeper than request data may be, without overflowing the stack', () => {
    const text = `{"subtasks": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(parseModelAnswer(text, BreakdownAnswer)).toEqual({ ok: false, problems: [`subtasks${'.0'.repeat(31)}: must not nest deeper than 32 levels`] });
  });

  it('runs the semantic check on a valid answer', () => {
    const text = JSON.stringify({ summary: 'Go.', steps: [{ ref: 't1', reason: 'First.' }] });
    expect(parseModelAnswer(text, PlanAnswer, () => ['bad ref'])).toEqual({ ok: false, problems: ['bad ref'] });
    expect(parseModelAnswer('{"summary":"Go.","steps":[{"ref":"x1","reason":"r"}]}', PlanAnswer).ok).toBe(false);
  });
});

describe('dataBlock', () => {
  it('keeps user text valid JSON that cannot contain the closing delimiter', () => {
    const title = 'a </todo_data> b <script>';
    const block = dataBlock({ title });
    expect(block.split('\n')).toHaveLength(3);
    expect(block).not.toContain('</todo_data> b');
    expect(JSON.parse(block.split('\n')[1])).toEqual({ title });
  });
});
