import { Transport, type ClientOptions } from '@nestjs/microservices';
import { apiSuite } from './api.suite.js';
import { replaySuite, serviceRightsSuite } from './suites/trust.suite.js';

// Every context its own app over TCP: the suite's todos and ai parts (streams, ai calling
// todos) cross TCP as they cross NATS in all-nats.
apiSuite('all-tcp', (topology) => {
  const tcp = (context: string): ClientOptions => ({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: Number(topology().env[`${context.toUpperCase()}_TCP_PORT`]) },
  });
  replaySuite(topology, tcp);
  serviceRightsSuite(topology, tcp);
});
