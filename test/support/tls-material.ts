import { generate } from 'selfsigned';

/**
 * TCP_TLS settings with a fresh self-signed certificate for 127.0.0.1 and localhost: the
 * context apps present it, and callers trust exactly it (TCP_TLS_CA).
 */
export async function tcpTlsEnvironment(): Promise<Record<string, string>> {
  const pems = await generate([{ name: 'commonName', value: 'ficus-test' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  return { TCP_TLS: 'true', TCP_TLS_CA: pems.cert, TCP_TLS_CERT: pems.cert, TCP_TLS_KEY: pems.private };
}
