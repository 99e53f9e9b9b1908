import { Module } from '@nestjs/common';
import { TodosContextModule } from './todos.context.js';
import { TodosMessagesController } from './todos.messages.controller.js';

/**
 * Root module of the todos app: the todos context, served to other apps over its transport.
 * The platform (config, logging, health, …) is added by `bootstrap`.
 */
@Module({
  imports: [TodosContextModule],
  controllers: [TodosMessagesController],
})
export class TodosModule {}
