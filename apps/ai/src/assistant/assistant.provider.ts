import type { Provider } from '@nestjs/common';
import { AppConfig } from '@ficus/common';
import { ResilienceRegistry } from '@ficus/resilience';
import { PinoLogger } from 'nestjs-pino';
import { AiMetrics } from '../ai.metrics.js';
import { ChatCompletionsClient } from '../llm/chat-completions.client.js';
import { LLM_DEPENDENCY, llmDependencyOptions } from '../llm/llm-dependency.js';
import { LlmAssistant } from '../llm/llm-assistant.js';
import { RulesAssistant } from '../rules/rules-assistant.js';
import { ASSISTANT, type Assistant } from './assistant.js';

/**
 * The assistant `AI_PROVIDER` names. With `openai`, the model's policy (`llm`) is registered
 * from config here, so it exists — and shows in `/ready` — only when a model is configured.
 */
export const assistantProvider: Provider = {
  provide: ASSISTANT,
  inject: [AppConfig, ResilienceRegistry, AiMetrics, PinoLogger, RulesAssistant],
  useFactory: (config: AppConfig, resilience: ResilienceRegistry, metrics: AiMetrics, logger: PinoLogger, rules: RulesAssistant): Assistant => {
    if (config.AI_PROVIDER === 'rules') return rules;
    resilience.register(LLM_DEPENDENCY, llmDependencyOptions(config));
    const client = new ChatCompletionsClient({
      baseUrl: config.AI_BASE_URL,
      apiKey: config.AI_API_KEY,
      model: config.AI_MODEL ?? '',
      responseFormat: config.AI_RESPONSE_FORMAT,
      stream: config.AI_STREAM,
      maxOutputTokens: config.AI_MAX_OUTPUT_TOKENS,
      reasoning: config.AI_REASONING_MODEL,
    });
    logger.setContext(LlmAssistant.name);
    return new LlmAssistant(client, resilience, metrics, logger);
  },
};
