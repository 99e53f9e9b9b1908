import { Transport } from '@nestjs/microservices';
import { apiSuite } from './api.suite.js';
import { outageSuite, signedMessagesSuite } from './suites/transport.suite.js';

apiSuite('auth-tcp', (topology) => {
  signedMessagesSuite(topology, () => ({ transport: Transport.TCP, options: { host: '127.0.0.1', port: Number(topology().env.AUTH_TCP_PORT) } }));
  outageSuite(topology);
});
