import { Transport, type ClientOptions } from '@nestjs/microservices';
import { tcpTlsEnvironment } from '../support/tls-material.js';
import { apiSuite } from './api.suite.js';
import { outageSuite, signedMessagesSuite, tcpTlsSuite } from './suites/transport.suite.js';

// Auth over TCP with TCP_TLS on (all-tcp covers plain TCP): the whole suite runs through TLS.
apiSuite(
  'auth-tcp',
  (topology) => {
    const tcp = (mode: 'tls' | 'plain' | 'untrusted'): ClientOptions => {
      const address = { host: '127.0.0.1', port: Number(topology().env.AUTH_TCP_PORT) };
      if (mode === 'plain') return { transport: Transport.TCP, options: address };
      return { transport: Transport.TCP, options: { ...address, tlsOptions: mode === 'tls' ? { ca: topology().env.TCP_TLS_CA } : {} } };
    };
    signedMessagesSuite(topology, () => tcp('tls'));
    tcpTlsSuite(topology, tcp);
    outageSuite(topology);
  },
  tcpTlsEnvironment,
);
