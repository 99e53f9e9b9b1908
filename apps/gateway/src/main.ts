// Node's compile cache first: the modules imported below are compiled once and then reused from
// the cache (in the OS temp directory) by every later start. Imported dynamically, because
// static imports are all compiled before this line would run.
import { enableCompileCache } from 'node:module';

enableCompileCache();
const [{ bootstrap }, { gatewayApp }] = await Promise.all([import('../../../libs/common/src/index.js'), import('./gateway.app.js')]);
await bootstrap(gatewayApp);
