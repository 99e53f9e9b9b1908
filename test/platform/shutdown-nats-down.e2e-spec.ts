import { anyFreePort } from '../../tools/embedded-pg/free-port.js';
import { createMigratedTestDatabase } from '../support/databases.js';
import { eventually } from '../support/eventually.js';
import { startTopology, TOPOLOGIES, type Topology } from '../support/topology.js';

jest.setTimeout(90_000);

/** Far beyond the grace period: only a shutdown that would never end meets it (the process is killed, no exit code). */
const HANG_GUARD_MS = 45_000;

describe('graceful shutdown while NATS was never reachable', () => {
  it('stops a gateway with EVENTS_TRANSPORT=jetstream, still dialling NATS, with exit code 0', async () => {
    const database = await createMigratedTestDatabase('shutdown_nats_down');
    // Nothing listens there: the events' connection keeps dialling, and its watches, consumers and stream set-ups wait for it.
    const nowhere = `nats://127.0.0.1:${await anyFreePort()}`;
    let topology: Topology | undefined;
    try {
      topology = await startTopology('nats-down', TOPOLOGIES['all-local'], {
        DATABASE_URL: database.url,
        EVENTS_TRANSPORT: 'jetstream',
        NATS_URL: nowhere,
        SHUTDOWN_DRAIN_DELAY_MS: '0',
        SHUTDOWN_GRACE_PERIOD_MS: '10000',
      });
      const { gateway } = topology;
      await eventually(() => expect(gateway.output()).toContain('No NATS connection for events yet'));
      gateway.child.kill('SIGTERM');
      const guard = setTimeout(() => gateway.child.kill('SIGKILL'), HANG_GUARD_MS);
      const code = await gateway.exited;
      clearTimeout(guard);
      if (code !== 0) console.log(gateway.output());
      expect(code).toBe(0);
    } finally {
      await topology?.stop();
      await database.drop();
    }
  });
});
