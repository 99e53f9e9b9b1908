import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { toBoolean } from './config-transforms.js';
import { ResilienceSettings } from './resilience.settings.js';

/** Where the ai context's answers come from (see README, "AI"). */
export const AI_PROVIDERS = ['rules', 'openai'] as const;
export type AiProviderName = (typeof AI_PROVIDERS)[number];

/** How the model is asked for JSON: a JSON schema (strict), or any JSON object (older servers). */
export const AI_RESPONSE_FORMATS = ['json_schema', 'json_object'] as const;
export type AiResponseFormat = (typeof AI_RESPONSE_FORMATS)[number];

const usesModel = (settings: AiSettings): boolean => settings.AI_PROVIDER === 'openai';

/**
 * Settings of the ai context: which provider answers, how its upstream is guarded (timeout,
 * retries, breaker, bulkhead, fallback), how much todo text may be sent, and the `ai`
 * rate-limit tier. Read by whichever process hosts ai; the edge reads the tier and the budget.
 */
export class AiSettings extends ResilienceSettings {
  /** `rules`: the built-in deterministic helper (no network, not an LLM); `openai`: an OpenAI-compatible Chat Completions API. */
  @IsIn(AI_PROVIDERS)
  AI_PROVIDER: AiProviderName = 'rules';

  /** Base URL of the Chat Completions API, up to and including `/v1` (OpenAI, Ollama, vLLM, LM Studio, …). */
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'AI_BASE_URL must be an http(s) URL without query or fragment' })
  AI_BASE_URL = 'https://api.openai.com/v1';

  /** Bearer token for the API; local servers (Ollama, LM Studio) need none. Usually `AI_API_KEY_FILE`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  AI_API_KEY?: string;

  /** Model name as the server knows it (`gpt-4o-mini`, `llama3.2`, …); required with `openai`. */
  @ValidateIf(usesModel)
  @IsString({ message: 'AI_MODEL is required when AI_PROVIDER is openai' })
  @MinLength(1)
  @MaxLength(200)
  AI_MODEL?: string;

  @IsIn(AI_RESPONSE_FORMATS)
  AI_RESPONSE_FORMAT: AiResponseFormat = 'json_schema';

  /** Read the model's answer as a server-sent event stream (cut streams are detected and retried). */
  @Transform(toBoolean)
  @IsBoolean()
  AI_STREAM = true;

  /**
   * The model reasons before it answers (OpenAI's o-series and gpt-5 family): it is sent
   * `max_completion_tokens` instead of `max_tokens` and no `temperature`, which such models
   * refuse. Its reasoning counts against AI_MAX_OUTPUT_TOKENS: raise that too.
   */
  @Transform(toBoolean)
  @IsBoolean()
  AI_REASONING_MODEL = false;

  /** Upper bound of tokens the model may generate per answer (`max_tokens`, or `max_completion_tokens`). */
  @Type(() => Number)
  @IsInt()
  @Min(64)
  @Max(32_768)
  AI_MAX_OUTPUT_TOKENS = 1000;

  /** Budget of one AI request end to end (edge → ai → model, retries and fallback included). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  AI_REQUEST_TIMEOUT_MS = 30_000;

  /** Budget of one attempt against the model. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  AI_UPSTREAM_TIMEOUT_MS = 20_000;

  /** Attempts per model call (first included); only network errors, timeouts, 5xx and 429 are retried. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  AI_MAX_ATTEMPTS = 2;

  /** Failed attempts within the rolling window before the model's breaker may open. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  AI_BREAKER_VOLUME_THRESHOLD = 5;

  /** The breaker's rolling window: failures older than this are forgotten. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  AI_BREAKER_ROLLING_WINDOW_MS = 60_000;

  /** How long the open breaker skips the model before letting one trial call through. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  AI_BREAKER_RESET_TIMEOUT_MS = 30_000;

  /** Model calls running at once per process; further calls queue. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  AI_MAX_CONCURRENT = 8;

  /** Model calls waiting for a slot; beyond that a call fails at once (503, or the fallback). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  AI_MAX_QUEUED = 32;

  /** When the model is unavailable, answer from the rules helper (`degraded: true`) instead of 503/504/502. */
  @Transform(toBoolean)
  @IsBoolean()
  AI_FALLBACK_ENABLED = true;

  /** Most todos sent to the model for one plan; the rest are left out (`truncated: true`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  AI_MAX_TODOS = 50;

  /** Most characters of todo text sent to the model in one request; longer text is cut. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(200_000)
  AI_MAX_INPUT_CHARS = 8000;

  /** `ai` rate-limit tier: AI requests per user per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AI_LIMIT = 20;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AI_TTL_MS = 60_000;
}
