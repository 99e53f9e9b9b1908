import { launch } from '@ficus/common/platform/launch.js';

// The app is loaded only once tracing (when asked for) has started: see launch.
await launch('todos', async () => (await import('./todos.app.js')).todosApp);
