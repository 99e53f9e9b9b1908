import type { TransportSettings } from '../config/transport.settings.js';
import { problemType, statusTitle } from '../errors/problem-details.js';
import type { WireProblem } from './message-envelope.js';

/**
 * Room around a payload as large as BODY_LIMIT for the rest of a message: the call context,
 * the credential and the transport's own fields (a few hundred bytes in practice).
 */
export const ENVELOPE_ALLOWANCE_BYTES = 16 * 1024;

/**
 * What a context app reads from its transport before it can check who sent it (the signature
 * covers a whole message). Nothing a trusted caller sends exceeds these: its payloads come from
 * request bodies within BODY_LIMIT, and it sends each message at once.
 */
export interface InboundLimits {
  /** Largest message (NATS: bytes; TCP: characters of a frame, never more than its bytes). */
  maxMessageBytes: number;
  /** TCP: a frame must arrive whole within this long of its first byte, and a new connection's first frame within this long of connecting. */
  frameTimeoutMs: number;
  /** TCP: connections accepted at once. */
  maxConnections: number;
}

/** Even with a very short call budget, a frame gets this long to arrive. */
const MIN_FRAME_TIMEOUT_MS = 1000;

export function inboundLimits(config: TransportSettings): InboundLimits {
  return {
    maxMessageBytes: config.BODY_LIMIT + ENVELOPE_ALLOWANCE_BYTES,
    // A frame slower than a whole call's budget is of no use to its sender any more.
    frameTimeoutMs: Math.max(config.REMOTE_CALL_TIMEOUT_MS, MIN_FRAME_TIMEOUT_MS),
    maxConnections: config.TCP_MAX_CONNECTIONS,
  };
}

/** Code of a message refused for its size before it was read. */
export const MESSAGE_TOO_LARGE = 'service.message_too_large';

/** The (unsigned) refusal of a message over `maxMessageBytes`: whoever sent it is not known. */
export function messageTooLarge(maxMessageBytes: number): WireProblem {
  return {
    ficusProblem: {
      type: problemType('message-too-large'),
      title: statusTitle(413),
      status: 413,
      code: MESSAGE_TOO_LARGE,
      detail: `The message is larger than the ${maxMessageBytes} bytes this app accepts.`,
    },
  };
}
