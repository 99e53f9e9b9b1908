import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AI_PATTERNS,
  BreakdownCommand,
  cancellable,
  MessageCall,
  MessageInput,
  type AiStreamEvent,
  type BreakdownResult,
  type CallContext,
  type EmptyRequest,
  type SummaryResult,
} from '@ficus/common';
import type { Observable } from 'rxjs';
import { AiService } from './ai.service.js';

/**
 * The ai facade over the message transport: one handler per facade method, each calling the
 * same application service the in-process adapter is. Inputs are validated again here. The
 * streaming handlers return Observables: the transport sends each event as its own reply
 * message (each signed by ReplySigningInterceptor), then ends the stream. Every handler's work
 * stops when its caller cancels it (its client left) or its deadline passes: the streams'
 * by being unsubscribed, the plain answers' through the signal `cancellable` gives them.
 */
@Controller()
export class AiMessagesController {
  constructor(private readonly ai: AiService) {}

  @MessagePattern(AI_PATTERNS.breakdown)
  breakdown(@MessageInput() input: BreakdownCommand, @MessageCall() call: CallContext): Observable<BreakdownResult> {
    return cancellable((signal) => this.ai.breakdown(input, { ...call, signal }));
  }

  @MessagePattern(AI_PATTERNS.summary)
  summary(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Observable<SummaryResult> {
    return cancellable((signal) => this.ai.summary(input, { ...call, signal }));
  }

  @MessagePattern(AI_PATTERNS.breakdownStream)
  breakdownStream(@MessageInput() input: BreakdownCommand, @MessageCall() call: CallContext): Observable<AiStreamEvent<BreakdownResult>> {
    return this.ai.breakdownStream(input, call);
  }

  @MessagePattern(AI_PATTERNS.summaryStream)
  summaryStream(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Observable<AiStreamEvent<SummaryResult>> {
    return this.ai.summaryStream(input, call);
  }
}
