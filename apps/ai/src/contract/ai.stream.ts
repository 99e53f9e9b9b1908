/**
 * One event of a streamed AI answer: `token`s carry text as the assistant produces it (not yet
 * validated, so only for showing progress), then exactly one `result` with the same validated
 * document the non-streaming method returns. The `result` is authoritative: when a repair or the
 * rules fallback happened after tokens were sent, the tokens were of a rejected draft.
 * `degraded` marks tokens the rules helper writes because the model is unavailable, so that an
 * answer degraded from its start can say so before its result.
 */
export type AiStreamEvent<T> = { type: 'token'; text: string; degraded?: true } | { type: 'result'; result: T };
