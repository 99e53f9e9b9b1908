import { EventsSettings } from './events.settings.js';

export { LOG_LEVELS, NODE_ENVS, type LogLevel, type NodeEnv } from './platform.settings.js';

/**
 * The one configuration every Ficus app boots with, read once from the environment
 * (`<NAME>_FILE` is honoured for secrets) and validated before anything starts — immich-style,
 * one object for all apps, so any app can host any context in-process.
 * Each property is the environment variable of the same name; the README has the table.
 * The settings are grouped by concern in a chain of classes:
 * platform → transport → auth → todos → resilience → ai → events.
 */
export class AppConfig extends EventsSettings {}
