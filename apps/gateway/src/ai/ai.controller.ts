import type { Readable } from 'node:stream';
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBody,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig, mapToProblem, RateLimit, type CallContext } from '@ficus/common';
import { AI_FACADE, BreakdownRequest, BreakdownResult, SummaryResult, type AiAnswer, type AiFacade, type AiStreamEvent } from '@ficus/contracts/ai';
import { Authenticated } from '../authn/authenticated.guard.js';
import { Call } from '../authn/call.decorator.js';
import { ApiAnswerResponse } from './answer-response.js';
import { clientGone } from './client-gone.js';
import { DEGRADED_HEADER, eventStreamBody, eventStreamHeaders, opensDegraded, sendAnswer, wantsEventStream } from './event-stream.js';
import { TodoIdParams } from './todo-id.params.js';

const STREAMING = 'Send `Accept: text/event-stream` to get the answer as server-sent events while it is written.';

/**
 * AI help on the caller's own todos: the ai facade over HTTP. Requests get the `ai` rate-limit
 * tier (per user) and a longer budget than other facade calls (`AI_REQUEST_TIMEOUT_MS`),
 * because they wait for a model.
 */
@ApiTags('ai')
@Controller('ai/todos')
@RateLimit('ai')
@Authenticated()
@ApiTooManyRequestsResponse({ description: 'The `ai` rate limit (RATE_LIMIT_AI_LIMIT per user); see Retry-After.' })
@ApiServiceUnavailableResponse({ description: 'The model is unavailable and the fallback is off (`dependency.circuit_open`, `dependency.busy`; Retry-After).' })
@ApiGatewayTimeoutResponse({ description: 'The model did not answer in time and the fallback is off (`dependency.timeout`).' })
@ApiBadGatewayResponse({ description: 'The model answered in an unusable format (`ai.invalid_output`), or failed (`dependency.upstream_failed`).' })
export class AiController {
  constructor(
    @Inject(AI_FACADE) private readonly ai: AiFacade,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AiController.name);
  }

  @Post(':id/breakdown')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suggest subtasks for one of your todos',
    description: `Suggested titles pass the same checks as todo titles. With \`{"apply": true}\` they are created as subtasks of the todo and returned in \`created\`. ${STREAMING}`,
  })
  @ApiBody({ type: BreakdownRequest, required: false })
  @ApiAnswerResponse(BreakdownResult)
  @ApiNotFoundResponse({ description: 'No such todo of yours (`todos.not_found`).' })
  async breakdown(
    @Param() params: TodoIdParams,
    @Body() body: BreakdownRequest,
    @Call() call: CallContext,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreakdownResult | Readable> {
    const input = { ...body, todoId: params.id };
    if (wantsEventStream(accept)) return this.stream(this.ai.breakdownStream(input, this.aiCall(call)), request, reply);
    return sendAnswer(reply, await this.ai.breakdown(input, this.aiCall(call, reply)));
  }

  @Post('summary')
  @HttpCode(200)
  @ApiOperation({ summary: 'Plan your open todos: what to do first, and why', description: STREAMING })
  @ApiAnswerResponse(SummaryResult)
  async summary(
    @Call() call: CallContext,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SummaryResult | Readable> {
    if (wantsEventStream(accept)) return this.stream(this.ai.summaryStream({}, this.aiCall(call)), request, reply);
    return sendAnswer(reply, await this.ai.summary({}, this.aiCall(call, reply)));
  }

  /**
   * Events as they arrive. Nothing is sent before the first one, so an early failure is an
   * ordinary problem+json response; a later one becomes an `error` event with the same problem
   * document. The status and headers are sent with the first event: `X-Ficus-Degraded` when the
   * rules helper answers from the start (the model was unavailable); a fallback later in the
   * stream shows in its tokens and the `result` only.
   */
  private async stream<T extends AiAnswer>(events: Observable<AiStreamEvent<T>>, request: FastifyRequest, reply: FastifyReply): Promise<Readable> {
    let degraded: boolean | undefined;
    const observed = events.pipe(tap((event) => (degraded ??= opensDegraded(event))));
    const body = await eventStreamBody(
      observed,
      (error) => {
        const { problem, unexpected } = mapToProblem(error);
        if (unexpected) this.logger.error({ err: error, requestId: request.id }, 'Unhandled error while streaming an answer');
        return { ...problem, instance: request.url.split('?')[0], requestId: request.id };
      },
      // The response closes when the client leaves, also before anything was sent.
      reply.raw,
    );
    eventStreamHeaders(reply);
    if (degraded) void reply.header(DEGRADED_HEADER, 'rules');
    return body;
  }

  /**
   * The request's call context with the AI budget as its deadline; for a plain answer (`reply`
   * given), with a signal that stops the work when the client leaves. A stream stops when its
   * body is closed instead.
   */
  private aiCall(call: CallContext, reply?: FastifyReply): CallContext {
    const deadline = Math.max(call.deadline, Date.now() + this.config.AI_REQUEST_TIMEOUT_MS);
    return { ...call, deadline, ...(reply ? { signal: clientGone(reply) } : {}) };
  }
}
