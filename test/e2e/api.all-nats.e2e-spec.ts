import { Transport, type ClientOptions } from '@nestjs/microservices';
import { apiSuite } from './api.suite.js';
import { natsDistributionSuite, outageSuite, signedMessagesSuite, subjectPrefixSuite } from './suites/transport.suite.js';

apiSuite('all-nats', (topology, llm) => {
  const nats = (): ClientOptions => ({ transport: Transport.NATS, options: { servers: [topology().env.NATS_URL] } });
  signedMessagesSuite(topology, nats, (pattern) => `${topology().env.NATS_SUBJECT_PREFIX}${pattern}`);
  subjectPrefixSuite(topology, nats);
  natsDistributionSuite(topology, llm);
  outageSuite(topology);
});
