import type { JsonSchema } from './chat-types.js';

// Only keywords every OpenAI-compatible structured-output implementation accepts (strict mode
// requires every property listed and no extra ones); lengths and counts are checked on our side.
const text: JsonSchema = { type: 'string' };

/** `{"subtasks":[{"title","rationale"}]}` */
export const BREAKDOWN_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    subtasks: {
      type: 'array',
      items: { type: 'object', properties: { title: text, rationale: text }, required: ['title', 'rationale'], additionalProperties: false },
    },
  },
  required: ['subtasks'],
  additionalProperties: false,
};

/** `{"summary","steps":[{"ref","reason"}]}` */
export const PLAN_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    summary: text,
    steps: {
      type: 'array',
      items: { type: 'object', properties: { ref: text, reason: text }, required: ['ref', 'reason'], additionalProperties: false },
    },
  },
  required: ['summary', 'steps'],
  additionalProperties: false,
};
