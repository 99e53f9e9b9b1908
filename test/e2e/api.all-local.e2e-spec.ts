import { apiSuite } from './api.suite.js';

apiSuite('all-local');
