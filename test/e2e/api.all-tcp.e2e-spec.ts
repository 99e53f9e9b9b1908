import { apiSuite } from './api.suite.js';

// Every context its own app over TCP: the suite's todos and ai parts (streams, ai calling
// todos) cross TCP as they cross NATS in all-nats.
apiSuite('all-tcp');
