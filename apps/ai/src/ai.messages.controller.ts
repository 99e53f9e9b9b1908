import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AI_PATTERNS, BreakdownCommand, MessageCall, MessageInput, type BreakdownResult, type CallContext, type EmptyRequest, type SummaryResult } from '@ficus/common';
import { AiService } from './ai.service.js';

/**
 * The ai facade over the message transport: one handler per facade method, each calling the
 * same application service the in-process adapter is. Inputs are validated again here.
 */
@Controller()
export class AiMessagesController {
  constructor(private readonly ai: AiService) {}

  @MessagePattern(AI_PATTERNS.breakdown)
  breakdown(@MessageInput() input: BreakdownCommand, @MessageCall() call: CallContext): Promise<BreakdownResult> {
    return this.ai.breakdown(input, call);
  }

  @MessagePattern(AI_PATTERNS.summary)
  summary(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Promise<SummaryResult> {
    return this.ai.summary(input, call);
  }
}
