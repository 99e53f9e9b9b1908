import type { AppDefinition } from '@ficus/common';
import { FICUS_APPS } from '../../contexts.js';
import { AI_CONTEXTS } from './ai.bindings.js';
import { AiModule } from './ai.module.js';

/** The ai app as `bootstrap` and the tests build it. */
export const aiApp: AppDefinition = { name: 'ai', apps: FICUS_APPS, module: AiModule, serves: 'ai', uses: AI_CONTEXTS.map((binding) => binding.context) };
