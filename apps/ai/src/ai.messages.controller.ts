import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { FacadeCallPipeline, InjectFacadeCalls, MessageCall, MessageInput, type CallContext, type FacadeAnswer } from '@ficus/common';
import { AI_CONTRACT, AI_PATTERNS, type AiFacade } from '@ficus/contracts/ai';
import type { Observable } from 'rxjs';

/**
 * The ai facade over the message transport: one handler per facade method, each running the
 * call through the same FacadeCallPipeline the in-process adapter is (input validated against
 * the contract, deadline, JSON-safe answers, error mapping). The streaming handlers' Observables
 * go out as one reply message per event (each signed by ReplySigningInterceptor). Every
 * handler's work stops when its caller cancels it (its client left) or its deadline passes: by
 * being unsubscribed, which aborts the signal the pipeline gives the plain methods.
 */
@Controller()
export class AiMessagesController {
  constructor(@InjectFacadeCalls(AI_CONTRACT) private readonly calls: FacadeCallPipeline<AiFacade>) {}

  @MessagePattern(AI_PATTERNS.breakdown)
  breakdown(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AiFacade['breakdown']>> {
    return this.calls.run('breakdown', input, call);
  }

  @MessagePattern(AI_PATTERNS.summary)
  summary(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AiFacade['summary']>> {
    return this.calls.run('summary', input, call);
  }

  @MessagePattern(AI_PATTERNS.breakdownStream)
  breakdownStream(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AiFacade['breakdownStream']>> {
    return this.calls.run('breakdownStream', input, call);
  }

  @MessagePattern(AI_PATTERNS.summaryStream)
  summaryStream(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AiFacade['summaryStream']>> {
    return this.calls.run('summaryStream', input, call);
  }
}
