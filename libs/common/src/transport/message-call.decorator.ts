import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { CallContext } from '../contracts/call-context.js';
import type { MessageEnvelope } from './message-envelope.js';

/** The call context (request id, caller, deadline) of the message being handled. */
export const MessageCall = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CallContext => context.switchToRpc().getData<MessageEnvelope>().call,
);

/**
 * The facade method's input of the message being handled; validated by the global pipe against
 * the parameter's DTO class, because a handler never trusts its caller's validation.
 */
export const MessageInput = (): ParameterDecorator => Payload('payload');
