import { Module } from '@nestjs/common';

/** Root module of the gateway app; the platform (config, logging, health, …) is added by `bootstrap`. */
@Module({})
export class GatewayModule {}
