// Node's compile cache first (Node 22.1+; skipped on older Node): the modules imported below are
// compiled once and then reused from the cache (in the OS temp directory) by every later start.
// Imported dynamically, because static imports are all compiled before this line would run.
import nodeModule from 'node:module';

(nodeModule as Partial<typeof nodeModule>).enableCompileCache?.();
const [{ bootstrap }, { aiApp }] = await Promise.all([import('../../../libs/common/src/index.js'), import('./ai.app.js')]);
await bootstrap(aiApp);
