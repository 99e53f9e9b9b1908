import { eventsModuleSuite } from './events-module.suite.js';

eventsModuleSuite('jetstream');
