import { Transport } from '@nestjs/microservices';
import { apiSuite } from './api.suite.js';
import { natsDistributionSuite, outageSuite, signedMessagesSuite } from './suites/transport.suite.js';

// Every NATS topology lives in this one file: Jest runs files in parallel, and two deployments
// on one NATS server share subjects and queue groups (see docs/extracting-a-context.md).
apiSuite('all-nats', (topology) => {
  signedMessagesSuite(topology, () => ({ transport: Transport.NATS, options: { servers: [topology().env.NATS_URL] } }));
  natsDistributionSuite(topology);
  outageSuite(topology);
});
apiSuite('mixed');
