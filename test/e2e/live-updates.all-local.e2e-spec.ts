import { liveUpdatesSuite } from './live-updates.suite.js';

liveUpdatesSuite('all-local');
