import type { Socket } from 'node:net';
import { ServerTCP, type TcpOptions, type TcpSocket } from '@nestjs/microservices';
import { BoundedJsonSocket } from './bounded-json-socket.js';
import type { InboundLimits } from './inbound-limits.js';
import type { InboundRejections } from './inbound-rejections.js';

/**
 * Nest's TCP server with the limits of {@link InboundLimits}: at most `maxConnections` at once
 * (Node closes further ones as they arrive), each read through a {@link BoundedJsonSocket}.
 */
export class BoundedServerTcp extends ServerTCP {
  constructor(
    options: Required<TcpOptions>['options'],
    private readonly limits: InboundLimits,
    private readonly rejections: InboundRejections,
  ) {
    super(options);
    this.server.maxConnections = limits.maxConnections;
    this.server.on('drop', () => rejections.count('tcp', 'connection_limit'));
  }

  protected override getSocketInstance(socket: Socket): TcpSocket {
    return new BoundedJsonSocket(socket, this.limits, this.rejections);
  }
}
