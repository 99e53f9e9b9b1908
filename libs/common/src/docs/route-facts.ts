import type { INestApplication, Type } from '@nestjs/common';
import { HEADERS_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DEFAULT_RATE_LIMIT_TIER, RATE_LIMIT_TIER, type RateLimitTier } from '../throttling/rate-limit.decorator.js';

/** What the code says about one route beyond what Swagger's own decorators record. */
export interface RouteFacts {
  /** Its rate-limit tier (`@RateLimit`, `api` when undeclared); null when exempt (`@SkipRateLimit`). */
  tier: RateLimitTier | null;
  /** Headers set on every answer of the route (`@Header`, `@NoStore`), by lower-case name. */
  headers: ReadonlyMap<string, string>;
}

/** Operation ids as the document names them: `<Controller>_<method>`, unique per app. */
export const operationIdOf = (controller: string, method: string): string => `${controller}_${method}`;

/** `getAllAndOverride` without a Reflector: the handler's value, else the controller's. */
function tierOf(handler: object, controller: Type<unknown>): RateLimitTier | null {
  const own = Reflect.getMetadata(RATE_LIMIT_TIER, handler) as RateLimitTier | null | undefined;
  const inherited = own === undefined ? (Reflect.getMetadata(RATE_LIMIT_TIER, controller) as RateLimitTier | null | undefined) : own;
  return inherited === undefined ? DEFAULT_RATE_LIMIT_TIER : inherited;
}

function routeHandlers(controller: Type<unknown>): [name: string, handler: object][] {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .map((name): [string, unknown] => [name, prototype[name]])
    .filter((entry): entry is [string, object] => typeof entry[1] === 'function' && Reflect.hasMetadata(METHOD_METADATA, entry[1]));
}

/** The facts of every route of every controller in the app, by operation id. */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      for (const [name, handler] of routeHandlers(controller)) {
        const headers = (Reflect.getMetadata(HEADERS_METADATA, handler) as { name: string; value: string }[] | undefined) ?? [];
        facts.set(operationIdOf(controller.name, name), {
          tier: tierOf(handler, controller),
          headers: new Map(headers.map((header) => [header.name.toLowerCase(), header.value])),
        });
      }
    }
  }
  return facts;
}
