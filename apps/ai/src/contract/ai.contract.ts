import type { FacadeContract } from '../../../../libs/common/src/contracts/facade-contract.js';
import { AI_FACADE, AI_PATTERNS, AI_STREAMING_METHODS, type AiFacade } from './ai.facade.js';
import { BreakdownCommand } from './ai.requests.js';

/** The ai facade as the platform serves it, in-process and remotely (see FacadeCallPipeline). */
export const AI_CONTRACT: FacadeContract<AiFacade> = {
  context: 'ai',
  token: AI_FACADE,
  patterns: AI_PATTERNS,
  requests: { breakdown: BreakdownCommand, summary: null, breakdownStream: BreakdownCommand, summaryStream: null },
  streaming: AI_STREAMING_METHODS,
};
