import { accountDeletionSuite } from './account-deletion.suite.js';

accountDeletionSuite('all-nats');
