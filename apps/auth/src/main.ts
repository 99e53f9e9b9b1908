import { bootstrap } from '@ficus/common';
import { authApp } from './auth.app.js';

await bootstrap(authApp);
