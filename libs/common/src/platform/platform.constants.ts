/** Injection token of the running app's name (`gateway`, `auth`, …). */
export const APP_NAME = Symbol('APP_NAME');
