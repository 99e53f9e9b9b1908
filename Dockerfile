# syntax=docker/dockerfile:1
# One image per Ficus app, all from this file: the APP build argument (gateway, auth, todos, ai)
# picks the entry point, everything before it is shared, so after the first app the others
# build from cache. docker-compose.yml builds the four and a one-shot `migrate` (target build).
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# The npm the repository is developed with: it honours package.json's allowScripts, so no
# dependency's install script downloads anything (older npm would run them all).
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json ./
# npm ci's postinstall generates the Prisma clients from prisma/ (offline; tools/db/generate.mjs).
COPY prisma ./prisma
COPY tools/db/generate.mjs ./tools/db/
RUN npm ci
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json ./
# Run-time dependencies only: the generated Prisma clients are compiled into dist/ already,
# so no install script is needed here.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
# Last, so that only this layer differs between the four apps.
ARG APP=gateway
ENV FICUS_APP=${APP} HOST=0.0.0.0 PORT=3000
EXPOSE 3000
# exec: node itself receives SIGTERM and drains (see README, "Graceful shutdown").
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${FICUS_APP}/src/main.js"]
