/**
 * One event of a streamed AI answer: `token`s carry text as the assistant produces it (not yet
 * validated, so only for showing progress), then exactly one `result` with the same validated
 * document the non-streaming method returns. The `result` is authoritative: when a repair or the
 * rules fallback happened after tokens were sent, the tokens were of a rejected draft.
 */
export type AiStreamEvent<T> = { type: 'token'; text: string } | { type: 'result'; result: T };
