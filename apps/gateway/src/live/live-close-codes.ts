/**
 * How the gateway closes a live-updates WebSocket (`GET /ws`), documented in the README's
 * "Live updates": the code tells a client whether and how to reconnect.
 */
export const LIVE_CLOSE = {
  /** The gateway is shutting down: reconnect (another instance answers). */
  goingAway: { code: 1001, reason: 'gateway shutting down' },
  /** Sessions cannot be checked right now (the revocation store is down): reconnect shortly. */
  tryAgainLater: { code: 1013, reason: 'sessions cannot be checked; retry shortly' },
  /** The access token expired or its session ended (logout, password change): reconnect with a fresh token. */
  tokenInvalid: { code: 4001, reason: 'access token expired or session ended' },
  /** The client read its updates too slowly (LIVE_MAX_BUFFERED_BYTES): reconnect and re-read what it shows. */
  tooSlow: { code: 4008, reason: 'client too slow' },
} as const;

/** The largest message a client may send (it needs to send none): 1009 beyond. */
export const LIVE_MAX_CLIENT_MESSAGE_BYTES = 4096;

/**
 * How long a client has to answer the gateway's 1001 at shutdown before its socket is cut off:
 * short, as the HTTP server's close (and so the grace period) waits for every open socket.
 */
export const LIVE_GOING_AWAY_BOUND_MS = 1000;
