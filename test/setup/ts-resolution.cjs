/**
 * Jest loads globalSetup/globalTeardown with plain Node `require` (its moduleNameMapper does not
 * apply there), but our TypeScript sources import each other as `./file.js` (ESM/nodenext
 * style). Fall back to the `.ts` twin when the `.js` file does not exist — in this process only.
 */
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTsTwin(request, ...rest) {
  try {
    return resolve.call(this, request, ...rest);
  } catch (error) {
    if (request.startsWith('.') && request.endsWith('.js')) return resolve.call(this, `${request.slice(0, -3)}.ts`, ...rest);
    throw error;
  }
};
