import type { AppDefinition } from '@ficus/common';
import { FICUS_APPS } from '../../contexts.js';
import { AuthModule } from './auth.module.js';

/** The auth app as `bootstrap` and the tests build it: auth over NATS or TCP, plus health and metrics over HTTP. */
export const authApp: AppDefinition = { name: 'auth', apps: FICUS_APPS, module: AuthModule, serves: 'auth' };
