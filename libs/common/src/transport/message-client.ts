import type { ClientProxy } from '@nestjs/microservices';

/** The part of a Nest client proxy (NATS or TCP) a remote context client uses. */
export type MessageClient = Pick<ClientProxy, 'send' | 'emit' | 'close'>;
