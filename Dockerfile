# syntax=docker/dockerfile:1
# One image per Ficus app, all from this file: the APP build argument (gateway, auth, todos, ai)
# picks the entry point, everything before it is shared, so after the first app the others
# build from cache. The `migrate` target is the migration job's small image (docker-compose.yml's
# migrate service, deploy/k8s' Job). README, "Docker", says what each image holds.
# Node builds; the final images are BASE_IMAGE (the Debian release NODE_IMAGE is built on) with
# the node binary alone: no npm, Yarn, Corepack or C headers (about 80 MB of the Node image).
ARG NODE_IMAGE=node:24-trixie-slim
ARG BASE_IMAGE=debian:trixie-slim

# Everything needed to build: all dependencies, the compiled apps, the bundled migration tool,
# and (apart, in /runtime) the apps' run-time dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The npm the repository is developed with: it honours package.json's allowScripts, so no
# dependency's install script downloads anything.
RUN npm install --global npm@11.19.1
# The node binary the final images run, without its debug symbols (109 MB instead of 127 MB;
# the dynamic symbol table, which native addons link against, stays). Early: it does not
# depend on the sources, so it stays cached.
RUN apt-get update && apt-get install -y --no-install-recommends binutils && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /node/bin && strip --strip-all -o /node/bin/node /usr/local/bin/node
COPY package.json package-lock.json ./
# The run-time dependencies at the lockfile's versions, without the devDependencies. Not
# `npm ci --omit=dev`: the Prisma CLI and TypeScript are optional peers of @prisma/client, so npm
# would keep them (and ~250 MB with them) once the lockfile holds them as devDependencies.
RUN mkdir /runtime && cp package.json package-lock.json /runtime/ \
 && cd /runtime && npm pkg delete devDependencies \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
# npm ci's postinstall generates the Prisma clients from prisma/ (offline; tools/db/generate.mjs).
COPY prisma ./prisma
COPY tools/db/generate.mjs ./tools/db/
RUN npm ci --no-audit --no-fund
# Files no app reads at run time: docs, source maps, type declarations, other databases' engines.
COPY deploy/docker/runtime.cleanmodules ./deploy/docker/
RUN npx clean-modules --directory /runtime/node_modules --glob-file deploy/docker/runtime.cleanmodules --yes --silent
COPY . .
RUN npm run build && npm run build:migrate

# What both final images start from: Debian slim, the stripped node binary and the
# unprivileged `node` user (uid and gid 1000, as in the Node images).
FROM ${BASE_IMAGE} AS node
COPY --from=build /node/bin/node /usr/local/bin/node
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/sh --create-home node

# The migration job: the migration tool as one bundled file, Prisma's wasm schema engine (the
# only package it loads from node_modules) and the migrations.
FROM node AS migrate
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules/@prisma/schema-engine-wasm ./node_modules/@prisma/schema-engine-wasm
COPY --from=build /app/dist/migrate ./
COPY prisma ./prisma
USER node
CMD ["node", "tools/db/cli.mjs", "migrate"]

# An app (the default target): compiled code and run-time dependencies, run as the node user.
FROM node AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json says the compiled code is ES modules ("type": "module").
COPY --from=build /app/package.json ./
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /app/dist/apps ./dist/apps
COPY --from=build /app/dist/libs ./dist/libs
USER node
# Last, so that only this layer differs between the four apps.
ARG APP=gateway
ENV FICUS_APP=${APP} HOST=0.0.0.0 PORT=3000
EXPOSE 3000
# Liveness from inside the container (the image has no curl or wget; node has fetch).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: node itself receives SIGTERM and drains (see README, "Graceful shutdown"). A young generation
# of at most 8 MB semi-spaces: V8's default grows it to 64 MB — ≈ 30 MB more RSS idle and ≈ 90 MB
# more after load — for ≈ 7 % less CPU per database read (docs/benchmarks.md, "Memory").
CMD ["sh", "-c", "exec node --enable-source-maps --max-semi-space-size=8 dist/apps/${FICUS_APP}/src/main.js"]
