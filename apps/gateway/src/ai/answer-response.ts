import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

const EVENTS =
  'Server-sent events: `token` events (`data: {"text": "…"}`, the answer text as the assistant writes it), then one `result` event ' +
  'whose data is the same JSON document a plain request gets (authoritative: tokens are unvalidated text). Events are sent as the answer is written; ' +
  'a failure after the first event is an `error` event holding the problem document.';

/** Documents an AI answer: `model` as JSON, or the event stream carrying it (`Accept: text/event-stream`). */
export const ApiAnswerResponse = (model: Type<unknown>) =>
  applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description: 'The answer; `X-Ficus-Degraded: rules` when the rules helper answered because the model was unavailable.',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/event-stream': { schema: { type: 'string', description: EVENTS } },
      },
    }),
  );
