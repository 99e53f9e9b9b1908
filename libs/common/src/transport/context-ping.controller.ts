import { Controller, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { ContextName } from '../config/contexts.js';
import { pingPattern } from './transport-options.js';

/** Answers the readiness pings of a context's callers (the gateway's `/ready`). */
export function contextPingController(context: ContextName): Type<unknown> {
  @Controller()
  class ContextPingController {
    @MessagePattern(pingPattern(context))
    ping(): { context: ContextName; pid: number } {
      return { context, pid: process.pid };
    }
  }
  return ContextPingController;
}
