import ipaddr from 'ipaddr.js';

/**
 * The key one client's failed logins are counted under. IPv6 clients count per /64 — one
 * subscriber usually holds a whole /64 and could rotate through it — and IPv4-mapped IPv6
 * addresses count as the IPv4 address they are. Unparseable input is used as given.
 */
export function clientAddressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const groups = address.toNormalizedString().split(':').slice(0, 4);
  return `${groups.join(':')}::/64`;
}
