/**
 * The framework reference: bare Nest 12 on Fastify — one controller, no logger, no platform —
 * answering each benchmarked request with the product's captured status, content type and body.
 * What a user would otherwise pick, so the product's ratio to it is what the platform costs.
 *
 * No TypeScript decorators (the harness only type-strips bench files): they are applied by hand,
 * exactly as the compiled decorators would be.
 *
 * Usage: `tsx bench/baseline-nest.ts <routes.json>` with HOST and PORT set; the harness runs a
 * type-stripped copy on plain `node` (see servers.ts).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Controller, Get, Header, HttpCode, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaselineRoutes } from './routes.js';

const routesFile = process.argv[2];
if (!routesFile) throw new Error('usage: baseline-nest.ts <routes.json>');
const routes = JSON.parse(readFileSync(routesFile, 'utf8')) as BaselineRoutes;

class ReplayController {}
const prototype = ReplayController.prototype as unknown as Record<string, () => string>;
Object.entries(routes).forEach(([key, response], index) => {
  const [method, path] = key.split(' ');
  if (method !== 'GET') throw new Error(`baseline-nest replays GET routes only, not ${key}`);
  const name = `route${index}`;
  prototype[name] = () => response.body;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
  for (const decorate of [Get(path), HttpCode(response.status), Header('content-type', response.contentType)]) decorate(prototype, name, descriptor);
});
Controller()(ReplayController);
class AppModule {}
Module({ controllers: [ReplayController] })(AppModule);

const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ forceCloseConnections: true }), { logger: false });
const host = process.env.HOST ?? '127.0.0.1';
await app.listen(Number(process.env.PORT ?? 0), host);
console.log(`bare Nest baseline listening on ${await app.getUrl()}`);

// The harness stops us with SIGTERM.
process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
