import { Transport, type ClientOptions } from '@nestjs/microservices';
import { apiSuite } from './api.suite.js';
import { natsDistributionSuite, outageSuite, signedMessagesSuite, subjectPrefixSuite } from './suites/transport.suite.js';
import { capturedReplaySuite, replaySuite, serviceRightsSuite } from './suites/trust.suite.js';

apiSuite('all-nats', (topology, llm) => {
  const nats = (): ClientOptions => ({ transport: Transport.NATS, options: { servers: [topology().env.NATS_URL] } });
  const subjectOf = (pattern: string) => `${topology().env.NATS_SUBJECT_PREFIX}${pattern}`;
  signedMessagesSuite(topology, nats, subjectOf);
  subjectPrefixSuite(topology, nats);
  replaySuite(topology, nats, subjectOf);
  capturedReplaySuite(topology);
  serviceRightsSuite(topology, nats, subjectOf);
  natsDistributionSuite(topology, llm);
  outageSuite(topology);
});
