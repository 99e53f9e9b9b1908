import { bootstrap } from '@ficus/common';
import { todosApp } from './todos.app.js';

await bootstrap(todosApp);
