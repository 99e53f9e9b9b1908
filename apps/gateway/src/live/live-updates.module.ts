import { Module } from '@nestjs/common';
import { EdgeAuthnModule } from '../authn/edge-authn.module.js';
import { LiveConnections } from './live-connections.js';
import { LiveMetrics } from './live-metrics.js';
import { LiveUpdatesServer } from './live-updates.server.js';

/** Live updates for clients: `GET /ws` on the gateway (see LiveUpdatesServer; README "Live updates"). */
@Module({
  imports: [EdgeAuthnModule],
  providers: [LiveConnections, LiveMetrics, LiveUpdatesServer],
})
export class LiveUpdatesModule {}
