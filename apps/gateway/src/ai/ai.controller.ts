import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
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
import type { FastifyReply } from 'fastify';
import { AI_FACADE, AppConfig, BreakdownRequest, BreakdownResult, RateLimit, SummaryResult, type AiFacade, type CallContext } from '@ficus/common';
import { Authenticated } from '../authn/authenticated.guard.js';
import { Call } from '../authn/call.decorator.js';
import { ApiAnswerResponse } from './answer-response.js';
import { breakdownText, summaryText } from './answer-text.js';
import { sendAnswer } from './event-stream.js';
import { TodoIdParams } from './todo-id.params.js';

const STREAMING = 'Send `Accept: text/event-stream` to get the answer as server-sent events.';

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
  ) {}

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
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreakdownResult | string> {
    const result = await this.ai.breakdown({ ...body, todoId: params.id }, this.aiCall(call));
    return sendAnswer(reply, accept, result, breakdownText(result));
  }

  @Post('summary')
  @HttpCode(200)
  @ApiOperation({ summary: 'Plan your open todos: what to do first, and why', description: STREAMING })
  @ApiAnswerResponse(SummaryResult)
  async summary(@Call() call: CallContext, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<SummaryResult | string> {
    const result = await this.ai.summary({}, this.aiCall(call));
    return sendAnswer(reply, accept, result, summaryText(result));
  }

  /** The request's call context with the AI budget as its deadline. */
  private aiCall(call: CallContext): CallContext {
    return { ...call, deadline: Math.max(call.deadline, Date.now() + this.config.AI_REQUEST_TIMEOUT_MS) };
  }
}
