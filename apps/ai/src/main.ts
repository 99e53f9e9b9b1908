import { bootstrap } from '@ficus/common';
import { aiApp } from './ai.app.js';

await bootstrap(aiApp);
