/** One message of a Chat Completions conversation. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A JSON schema as sent in `response_format` (plain JSON, nothing validated here). */
export type JsonSchema = Record<string, unknown>;

/** What to ask the model: the conversation and the shape of the JSON answer. */
export interface ChatRequest {
  messages: ChatMessage[];
  /** `response_format.json_schema.name`, e.g. `subtask_suggestions`. */
  schemaName: string;
  schema: JsonSchema;
}

/** Receives each piece of the answer's text as the upstream sends it. */
export type TokenCallback = (text: string) => void;

/** Tokens the upstream says it used (its `usage` field), when it says. */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The model's complete answer text, not yet trusted. */
export interface ChatAnswer {
  content: string;
  usage?: ChatUsage;
  /** `stop`, `length` (cut by max_tokens), … as the upstream reported it. */
  finishReason?: string;
}
