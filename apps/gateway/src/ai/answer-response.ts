import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

const EVENTS =
  'Server-sent events: `token` events (`data: {"text": "…"}`, the readable answer in pieces), then one `result` event ' +
  'whose data is the same JSON document a plain request gets. Sent once the answer is complete and validated.';

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
