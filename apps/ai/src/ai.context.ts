import { Module } from '@nestjs/common';
import { facadeCallsToken, facadeProviders } from '@ficus/common';
import { AI_CONTRACT, AI_FACADE } from '@ficus/contracts/ai';
import { AiMetrics } from './ai.metrics.js';
import { AiService } from './ai.service.js';
import { assistantProvider } from './assistant/assistant.provider.js';
import { AssistantPolicy } from './assistant/assistant.policy.js';
import { RulesAssistant } from './rules/rules-assistant.js';

/**
 * The ai context, composed: the one file of `apps/ai` other apps may import. Hosted
 * in-process by the gateway (AI_TRANSPORT=local) or by the ai app behind its message
 * controller. It needs the platform's global providers (AppConfig, PinoLogger,
 * ResilienceRegistry) and the todos facade (TODOS_FACADE), which the hosting app provides
 * through `ContextFacadesModule` — the gateway already does; the ai app declares it in
 * `ai.bindings.ts`. Exports the facade (AI_FACADE) and the pipeline behind it, which the message
 * controller calls: AiService is reached only through FacadeCallPipeline.
 */
@Module({
  providers: [...facadeProviders(AI_CONTRACT, AiService), AiMetrics, RulesAssistant, assistantProvider, AssistantPolicy],
  exports: [AI_FACADE, facadeCallsToken(AI_CONTRACT)],
})
export class AiContextModule {}
