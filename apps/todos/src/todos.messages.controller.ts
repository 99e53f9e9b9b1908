import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateTodoCommand,
  ListTodosRequest,
  MessageCall,
  MessageInput,
  TodoRef,
  TODOS_PATTERNS,
  UpdateTodoCommand,
  type CallContext,
  type TodoPage,
  type TodoView,
} from '@ficus/common';
import { TodosService } from './todos.service.js';

/**
 * The todos facade over the message transport: one handler per facade method, each calling
 * the same application service the in-process adapter is. Inputs are validated again here.
 */
@Controller()
export class TodosMessagesController {
  constructor(private readonly todos: TodosService) {}

  @MessagePattern(TODOS_PATTERNS.create)
  create(@MessageInput() input: CreateTodoCommand, @MessageCall() call: CallContext): Promise<TodoView> {
    return this.todos.create(input, call);
  }

  @MessagePattern(TODOS_PATTERNS.list)
  list(@MessageInput() input: ListTodosRequest, @MessageCall() call: CallContext): Promise<TodoPage> {
    return this.todos.list(input, call);
  }

  @MessagePattern(TODOS_PATTERNS.get)
  get(@MessageInput() input: TodoRef, @MessageCall() call: CallContext): Promise<TodoView> {
    return this.todos.get(input, call);
  }

  @MessagePattern(TODOS_PATTERNS.update)
  update(@MessageInput() input: UpdateTodoCommand, @MessageCall() call: CallContext): Promise<TodoView> {
    return this.todos.update(input, call);
  }

  @MessagePattern(TODOS_PATTERNS.remove)
  remove(@MessageInput() input: TodoRef, @MessageCall() call: CallContext): Promise<void> {
    return this.todos.remove(input, call);
  }
}
