import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ContextName } from '../config/contexts.js';
import type { CallContext } from '../contracts/call-context.js';
import { contextNames, contextsReachedThrough } from '../contracts/service-calls.js';
import { serviceUnauthenticated } from './transport-errors.js';

/** The app that authenticates users: the only one whose word on a call's caller counts. */
export const EDGE_APP = 'gateway';

/**
 * The key under which the edge vouches for callers to one context app, from the key of the
 * edge's link to that app: HKDF under a label of its own, so an attestation and a message
 * signature can never pass as each other.
 */
export function attestationKey(edgeLinkKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', edgeLinkKey, Buffer.alloc(0), 'ficus caller attestation v1', 32));
}

/**
 * What an attestation covers: the call context exactly as the edge made it — caller, call id,
 * request id, deadline, client address — without the attestations themselves. JSON keeps key
 * order across the wire, so the receiver's text matches the edge's byte for byte as long as
 * nobody on the way changed anything.
 */
function canonical(call: CallContext): string {
  const { attestations: _theseAttestations, signal: _inProcessOnly, ...made } = call;
  return JSON.stringify(made);
}

const mac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text).digest('base64url');

/**
 * Who may say who calls. A message's signature proves which app sent it, but not that the
 * caller it names is real: any app allowed to call `todos.create` could otherwise create todos
 * for any user with any roles. So the edge, which authenticates users, vouches for each call
 * context with a caller it sends off: one HMAC per context app the call may reach (the one it
 * calls and those that one calls, see serviceCalls), each under a key only the edge and that
 * app hold (see attestationKey). A context app acts for a caller only with a valid attestation
 * for itself, whichever app relayed the call context; an app relaying one cannot change it.
 *
 * In-process calls carry none: nothing leaves the process. Rotation works as for the link
 * keys: the edge attests with its first keys, a context app accepts every listed pair.
 */
export class CallerAttestations {
  private readonly audiences = new Map<ContextName, { context: ContextName; key: Buffer }[]>();

  constructor(
    /** This app's name. */
    private readonly service: string,
    /** At the edge: the attestation key for each context app it can reach. */
    issuing: ReadonlyMap<string, Buffer>,
    /** In a context app: every attestation key of its links from the edge (rotation). */
    private readonly accepting: readonly Buffer[],
  ) {
    for (const target of contextNames()) {
      const reached = contextsReachedThrough(target).flatMap((context) => {
        const key = issuing.get(context);
        return key ? [{ context, key }] : [];
      });
      if (reached.length > 0) this.audiences.set(target, reached);
    }
  }

  /**
   * `call` as it leaves this app for `target`: at the edge, with an attestation for each context
   * app the call may reach whose key the edge holds; elsewhere, and for anonymous calls, unchanged.
   */
  vouch(call: CallContext, target: ContextName): CallContext {
    const audience = this.audiences.get(target);
    if (call.caller === undefined || !audience) return call;
    const text = canonical(call);
    return { ...call, attestations: Object.fromEntries(audience.map(({ context, key }) => [context, mac(key, text)])) };
  }

  /**
   * Throws 401 `service.unauthenticated` unless `call` names no caller or carries the edge's
   * valid attestation for this app.
   */
  check(call: CallContext): void {
    if (call.caller === undefined) return;
    // A stranger's JSON, whatever the type says.
    const attestations: unknown = call.attestations;
    const presented = typeof attestations === 'object' && attestations !== null ? Object.entries(attestations).find(([app]) => app === this.service)?.[1] : undefined;
    if (typeof presented !== 'string') throw serviceUnauthenticated(`The caller is not vouched for by the ${EDGE_APP}.`);
    const given = Buffer.from(presented, 'base64url');
    const text = canonical(call);
    const valid = this.accepting.some((key) => {
      const expected = Buffer.from(mac(key, text), 'base64url');
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!valid) throw serviceUnauthenticated(`The ${EDGE_APP}'s attestation does not match the call context.`);
  }
}
