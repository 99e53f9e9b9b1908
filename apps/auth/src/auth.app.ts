import type { AppDefinition } from '@ficus/common';
import { AuthModule } from './auth.module.js';

/** The auth app as `bootstrap` and the tests build it. */
export const authApp: AppDefinition = { name: 'auth', module: AuthModule };
