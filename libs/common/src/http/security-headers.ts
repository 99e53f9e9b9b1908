import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's policy, with Swagger UI's needs: inline styles and data: images; everything else
 * locked down. upgrade-insecure-requests is left out: on plain-HTTP hosts it would send the
 * UI's own assets to https.
 */
export const SECURITY_POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * The headers helmet sets for a policy, computed once. helmet (and @fastify/helmet around it)
 * rebuilds them on every request — measured at ~40% of the cost of a `GET /health` here — yet
 * without nonces they never change.
 */
export function securityHeaders(policy: HelmetOptions = SECURITY_POLICY): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => undefined,
  };
  helmet(policy)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}
