import { Inject, type Provider, type Type } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { FacadeContract } from '../contracts/facade-contract.js';
import { FacadeCallPipeline } from './facade-pipeline.js';

const pipelineTokens = new Map<symbol, symbol>();

/** The injection token of a context's FacadeCallPipeline (one per facade token). */
export function facadeCallsToken(contract: FacadeContract<unknown>): symbol {
  let token = pipelineTokens.get(contract.token);
  if (!token) {
    token = Symbol(`${contract.context} facade calls`);
    pipelineTokens.set(contract.token, token);
  }
  return token;
}

/**
 * A context's facade, for its composition module (`<context>.context.ts`): the application
 * service behind a FacadeCallPipeline, under the facade token (the in-process adapter) and
 * under `facadeCallsToken` (for the context app's message handlers). Export both; the service
 * itself is reachable only through them, so no caller skips the pipeline.
 */
export function facadeProviders<F>(contract: FacadeContract<F>, implementation: Type<F>): Provider[] {
  const calls = facadeCallsToken(contract);
  return [
    implementation,
    {
      provide: calls,
      inject: [implementation, PinoLogger],
      useFactory: (target: F, logger: PinoLogger) => {
        logger.setContext(FacadeCallPipeline.name);
        return new FacadeCallPipeline(contract, target, logger);
      },
    },
    { provide: contract.token, inject: [calls], useFactory: (pipeline: FacadeCallPipeline<F>) => pipeline.facade() },
  ];
}

/** Injects the FacadeCallPipeline of `contract` (in a context app's message controller). */
export const InjectFacadeCalls = (contract: FacadeContract<unknown>): PropertyDecorator & ParameterDecorator => Inject(facadeCallsToken(contract));
