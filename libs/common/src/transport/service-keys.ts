import { createPrivateKey, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import type { AppName } from '../contracts/service-calls.js';

/**
 * One entry of SERVICE_PUBLIC_KEYS: `<app>:<key>`, the key being an X25519 public key as
 * `openssl pkey -pubout` prints it between its PEM lines (base64 SubjectPublicKeyInfo).
 */
export const PUBLIC_KEY_ENTRY = /^([a-z][a-z0-9_-]*):MCowBQYDK2VuAyEA[A-Za-z0-9+/]{43}=$/;

/** Whether `entry` is a SERVICE_PUBLIC_KEYS entry for one of `apps`. */
export function isPublicKeyEntry(entry: unknown, apps: readonly string[]): boolean {
  const app = typeof entry === 'string' ? PUBLIC_KEY_ENTRY.exec(entry)?.[1] : undefined;
  return app !== undefined && apps.includes(app);
}

const PRIVATE_KEY_PEM = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/g;

/** The X25519 private keys in PEM text (PKCS#8), in order; throws unless there is at least one and all are X25519. */
export function parsePrivateKeys(pem: string): KeyObject[] {
  const keys = (pem.match(PRIVATE_KEY_PEM) ?? []).map((block) => createPrivateKey(block));
  if (keys.length === 0) throw new Error('no PEM private key (-----BEGIN PRIVATE KEY-----)');
  if (keys.some((key) => key.asymmetricKeyType !== 'x25519')) throw new Error('every key must be an X25519 key (openssl genpkey -algorithm x25519)');
  return keys;
}

/** SERVICE_PUBLIC_KEYS entries (already checked against PUBLIC_KEY_ENTRY) as keys per app, in the order given. */
export function parsePublicKeys(entries: readonly string[]): Map<AppName, KeyObject[]> {
  const keys = new Map<AppName, KeyObject[]>();
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const app = entry.slice(0, separator) as AppName;
    const key = createPublicKey({ key: Buffer.from(entry.slice(separator + 1), 'base64'), format: 'der', type: 'spki' });
    keys.set(app, [...(keys.get(app) ?? []), key]);
  }
  return keys;
}

const spki = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });

/**
 * The key that authenticates messages from app `from` to app `to`. Both apps derive it on their
 * own from their X25519 agreement (one side's private key, the other's public key), so only the
 * two of them hold it: an app can speak for itself to each peer, never for another app. HKDF
 * binds it to the direction (both names, in order) and to both public keys.
 */
export function linkKey(privateKey: KeyObject, peerKey: KeyObject, from: string, to: string): Buffer {
  // Sorted, so that both sides bind the same pair whichever of them derives the key.
  const pair = [spki(createPublicKey(privateKey)), spki(peerKey)].toSorted(Buffer.compare);
  const info = Buffer.concat([Buffer.from(`ficus service link v1\n${from}\n${to}\n`), ...pair]);
  return Buffer.from(hkdfSync('sha256', diffieHellman({ privateKey, publicKey: peerKey }), Buffer.alloc(0), info, 32));
}
