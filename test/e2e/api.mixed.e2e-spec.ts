import { connect } from '@nats-io/transport-node';
import { startTlsNatsServer, type TlsNatsServer } from '../support/tls-nats-server.js';
import { apiSuite } from './api.suite.js';

// Auth over NATS, the rest in-process — through a private NATS server that requires TLS, with
// a certificate the apps trust through NODE_EXTRA_CA_CERTS (as a private CA would be trusted).
let nats: TlsNatsServer | undefined;
afterAll(() => nats?.stop());

apiSuite(
  'mixed',
  () => {
    describe('NATS over TLS', () => {
      it('admits no client that does not trust the server certificate', async () => {
        // This test process was not given NODE_EXTRA_CA_CERTS: only the system CAs.
        const refused = await connect({ servers: nats?.url, reconnect: false, timeout: 3000 }).then(
          async (connection) => {
            await connection.close();
            return undefined;
          },
          (error: unknown) => error,
        );
        expect(String(refused)).toMatch(/self-signed certificate/);
      });
    });
  },
  async () => {
    nats = await startTlsNatsServer();
    return { NATS_URL: nats.url, NODE_EXTRA_CA_CERTS: nats.caFile };
  },
);
