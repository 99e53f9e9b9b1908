import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { FacadeCallPipeline, InjectFacadeCalls, MessageCall, MessageInput, type CallContext, type FacadeAnswer } from '@ficus/common';
import { TODOS_CONTRACT, TODOS_PATTERNS, type TodosFacade } from '@ficus/contracts/todos';
import type { Observable } from 'rxjs';

/**
 * The todos facade over the message transport: one handler per facade method, each running the
 * call through the same FacadeCallPipeline the in-process adapter is (input validated against
 * the contract, deadline, JSON-safe answer, error mapping), so both adapters behave alike.
 */
@Controller()
export class TodosMessagesController {
  constructor(@InjectFacadeCalls(TODOS_CONTRACT) private readonly calls: FacadeCallPipeline<TodosFacade>) {}

  @MessagePattern(TODOS_PATTERNS.create)
  create(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<TodosFacade['create']>> {
    return this.calls.run('create', input, call);
  }

  @MessagePattern(TODOS_PATTERNS.list)
  list(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<TodosFacade['list']>> {
    return this.calls.run('list', input, call);
  }

  @MessagePattern(TODOS_PATTERNS.get)
  get(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<TodosFacade['get']>> {
    return this.calls.run('get', input, call);
  }

  @MessagePattern(TODOS_PATTERNS.update)
  update(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<TodosFacade['update']>> {
    return this.calls.run('update', input, call);
  }

  @MessagePattern(TODOS_PATTERNS.remove)
  remove(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<TodosFacade['remove']>> {
    return this.calls.run('remove', input, call);
  }
}
