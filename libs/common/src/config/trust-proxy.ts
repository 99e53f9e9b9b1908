import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * What Fastify's `trustProxy` (proxy-addr) accepts, checked at start-up so a typo is reported
 * with the other configuration problems instead of crashing later: either one hop count, or a
 * list of IPs, CIDR ranges and the names loopback/linklocal/uniquelocal.
 */
export function isTrustProxySetting(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 1 && /^\d+$/.test(String(entries[0]))) return true;
  return entries.every((entry) => typeof entry === 'string' && isAddressOrRange(entry));
}

export function IsTrustProxySetting(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxySetting',
      validator: {
        validate: isTrustProxySetting,
        defaultMessage: () => 'TRUST_PROXY must be a hop count, or a comma-separated list of IPs, CIDR ranges, loopback, linklocal or uniquelocal',
      },
    },
    options,
  );
}
