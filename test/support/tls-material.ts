import { generate } from 'selfsigned';

/** A PEM certificate and its private key. */
export interface CertificatePair {
  cert: string;
  key: string;
}

/** A fresh self-signed certificate for 127.0.0.1 and localhost. */
export async function loopbackCertificate(): Promise<CertificatePair> {
  const pems = await generate([{ name: 'commonName', value: 'ficus-test' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * TCP_TLS settings with a fresh loopback certificate: the context apps present it, and callers
 * trust exactly it (TCP_TLS_CA).
 */
export async function tcpTlsEnvironment(): Promise<Record<string, string>> {
  const { cert, key } = await loopbackCertificate();
  return { TCP_TLS: 'true', TCP_TLS_CA: cert, TCP_TLS_CERT: cert, TCP_TLS_KEY: key };
}
