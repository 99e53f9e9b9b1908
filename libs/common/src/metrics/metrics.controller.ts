import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { SkipRateLimit } from '../throttling/rate-limit.decorator.js';

/** Prometheus scrape endpoint; not part of the public API docs and never rate limited. */
@ApiExcludeController()
@SkipRateLimit()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
