import type { AppDefinition } from '@ficus/common';
import { TodosModule } from './todos.module.js';

/** The todos app as `bootstrap` and the tests build it. */
export const todosApp: AppDefinition = { name: 'todos', module: TodosModule, serves: 'todos' };
