import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { documentsContextCall, type CallContext } from '@ficus/common';
import type { AuthenticatedRequest } from './authenticated-request.js';

/**
 * The facade call context of an HTTP request: its request id, a call id of its own (random,
 * never the client's), the authenticated caller (if any), the client address and the deadline.
 * Controllers pass it to every facade method, so a route that takes it is documented with what
 * a context that cannot answer makes it answer. The gateway's word for the caller is added only
 * where a call leaves the process, by its remote clients (CallerAttestations), for the call
 * context as it then is (a controller may still set the deadline, as ai's does).
 */
export const Call = createParamDecorator((_data: unknown, context: ExecutionContext): CallContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const user = request.user;
  return {
    requestId: String(request.id),
    callId: randomUUID(),
    deadline: request.deadline ?? Date.now(),
    ...(user ? { caller: { userId: user.userId, roles: user.roles, sessionId: user.sessionId } } : {}),
    clientIp: request.ip,
  };
}, [documentsContextCall]);
