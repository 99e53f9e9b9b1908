/**
 * Jest runs in CommonJS mode (its ESM mode cannot require() ESM on Node 20), but Nest 12 and
 * several of its dependencies ship ESM only. This transformer compiles to CommonJS exactly the
 * files Node itself would load as ESM — `.mjs`, or `.js` under a package.json with
 * `"type": "module"` — so every package is loaded once, in one module system, and Nest's DI
 * sees a single copy of each class. Everything else passes through untouched.
 */
const { transformSync } = require('@swc/core');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const typeCache = new Map();

function nearestPackageType(dir) {
  if (typeCache.has(dir)) return typeCache.get(dir);
  let type = 'commonjs';
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      type = JSON.parse(fs.readFileSync(manifest, 'utf8')).type ?? 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else {
    const parent = path.dirname(dir);
    type = parent === dir ? 'commonjs' : nearestPackageType(parent);
  }
  typeCache.set(dir, type);
  return type;
}

function isEsm(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  return nearestPackageType(path.dirname(filename)) === 'module';
}

module.exports = {
  process(source, filename) {
    if (!isEsm(filename)) return { code: source };
    const { code, map } = transformSync(source, {
      filename,
      sourceMaps: true,
      module: { type: 'commonjs', ignoreDynamic: false },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(filename).update('\0').update(source).update('v1').digest('hex');
  },
};
