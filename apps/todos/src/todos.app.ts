import type { AppDefinition } from '@ficus/common';
import { FICUS_APPS } from '../../contexts.js';
import { TodosModule } from './todos.module.js';

/** The todos app as `bootstrap` and the tests build it. */
export const todosApp: AppDefinition = { name: 'todos', apps: FICUS_APPS, module: TodosModule, serves: 'todos' };
