import { randomBytes, randomUUID } from 'node:crypto';
import { ClientProxyFactory, type ClientOptions } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { ServiceCredentials, type AppName, type CallContext, type ContextName } from '@ficus/common';

/** A request id of the e2e tests' own, easy to find in logs. */
export const traceId = (): string => `e2e-trace-${randomBytes(6).toString('hex')}`;

/** An anonymous call context with a 5 s deadline, as the edge would make it. */
export const rawCall = (overrides: Partial<CallContext> = {}): CallContext => ({ requestId: traceId(), callId: randomUUID(), deadline: Date.now() + 5000, ...overrides });

/** What a test needs of a topology to sign as one of its apps. */
type TopologyKeys = { serviceKeys: Record<AppName, string>; env: Record<string, string> };

/** What signs messages as `app` in a topology: that app's key, and every app's public key. */
export function credentialsOf(topology: TopologyKeys, app: AppName): ServiceCredentials {
  return ServiceCredentials.fromConfig(app, { SERVICE_PRIVATE_KEYS: topology.serviceKeys[app], SERVICE_PUBLIC_KEYS: topology.env.SERVICE_PUBLIC_KEYS.split(',') });
}

/**
 * A call context for `caller` as the topology's gateway sends it to `target`: vouched for (see
 * CallerAttestations) for that context and those it calls — what the ai app gets from the
 * gateway with every request it serves, and passes on to todos.
 */
export function vouchedCall(topology: TopologyKeys, caller: NonNullable<CallContext['caller']>, target: ContextName): CallContext {
  return credentialsOf(topology, 'gateway').callers.vouch(rawCall({ caller }), target);
}

/** A message for `subject`, signed by `credentials` for the app `receiver`: what a Ficus app (or an impostor) sends. */
export function signedEnvelope(credentials: ServiceCredentials, receiver: string, subject: string, payload: unknown = {}, call: CallContext = rawCall()) {
  return { payload, call, credential: credentials.sign(receiver, subject, payload, call) };
}

/** Sends one raw message to a context the way a stranger (or a misconfigured app) would; resolves with the reply or the error. */
export async function sendRaw(options: ClientOptions, pattern: string, envelope: unknown): Promise<unknown> {
  const client = ClientProxyFactory.create(options);
  try {
    return await firstValueFrom(client.send(pattern, envelope).pipe(timeout(5000)));
  } catch (error) {
    return error;
  } finally {
    await client.close();
  }
}

/** The caller an access token names (its `sub`, `roles` and `sid` claims), as the edge would pass it on. */
export function callerOf(accessToken: string): NonNullable<CallContext['caller']> {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { sub: string; roles: string[]; sid: string };
  return { userId: claims.sub, roles: claims.roles, sessionId: claims.sid };
}
