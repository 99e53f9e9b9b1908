import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipRateLimit } from '../throttling/rate-limit.decorator.js';
import { READINESS_CHECK_TIMEOUT_MS, ReadinessRegistry } from './readiness.registry.js';

/** A public, detail-free description of why a dependency check failed. */
function failureCategory(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT' || (error instanceof Error && /timeout|timed out/i.test(error.message))) return 'timed out';
  return 'unavailable';
}

/** Liveness and readiness probes; never rate limited, so orchestrators always get an answer. */
@ApiTags('health')
@SkipRateLimit()
@Controller()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);
  /** Checks failing at the last probe: a probe every few seconds must not log the same outage each time. */
  private readonly failing = new Set<string>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness', description: 'The process is up and serving. Checks no dependency, so a failing database or Redis never restarts a healthy process.' })
  live(): Promise<HealthCheckResult> {
    // Answering at all is the liveness signal; it runs on every probe, so it checks nothing else.
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness',
    description: 'Every dependency answers (databases, Redis, remote contexts); 503 with a detail-free reason per dependency otherwise, and at once while shutting down. Circuit breakers are listed as information and never fail it.',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    // Probes and dashboards expect Terminus' own body on 503, not a problem document.
    if (this.readiness.isDraining) {
      const shutdown = { status: 'down' as const, message: 'shutting down' };
      void reply.status(503);
      return { status: 'error', info: {}, error: { shutdown }, details: { shutdown } };
    }
    try {
      return await this.runChecks();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private runChecks(): Promise<HealthCheckResult> {
    return this.health.check(
      this.readiness.entries().map(([name, check]) => () =>
        this.indicators
          .check(name)
          .attempt(async ({ signal }) => {
            try {
              const details = (await check(signal)) ?? {};
              if (this.failing.delete(name)) this.logger.log(`Readiness check ${name} passes again`);
              return details;
            } catch (error) {
              // The raw message can name hosts, roles and databases; /ready is public, so it gets
              // a category and the log gets the detail, once per outage.
              if (!this.failing.has(name)) this.logger.warn(`Readiness check ${name} failed: ${error instanceof Error ? error.message : String(error)} (logged again when it passes)`);
              this.failing.add(name);
              throw new Error(failureCategory(error), { cause: error });
            }
          })
          .withTimeout(READINESS_CHECK_TIMEOUT_MS),
      ),
    );
  }
}
