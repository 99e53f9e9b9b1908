import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CallContext } from '../contracts/call-context.js';
import type { MessageEnvelope } from './message-envelope.js';

/** The call context (request id, caller, deadline) of the message being handled. */
export const MessageCall = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CallContext => context.switchToRpc().getData<MessageEnvelope>().call,
);

/**
 * The facade method's input of the message being handled, as it arrived: the handler passes it
 * to its context's FacadeCallPipeline, which validates it against the contract's request class
 * (a handler never trusts its caller's validation). A custom parameter, so the global pipe
 * leaves it to the pipeline.
 */
export const MessageInput = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => context.switchToRpc().getData<MessageEnvelope>().payload,
);
