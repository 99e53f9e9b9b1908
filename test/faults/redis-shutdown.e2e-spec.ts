import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway/index.js';
import { startTopology, stopProcess, TOPOLOGIES, type Topology } from '../support/topology.js';

jest.setTimeout(60_000);

/** Well inside Kubernetes' 30 s grace, and far beyond what closing the Redis client takes. */
const EXIT_WITHIN_MS = 5000;

/** SIGTERM while Redis is frozen: closing the Redis client must not hold the process for ever. */
describe('shutdown while Redis hangs', () => {
  let redis: ThrowawayRedis;
  let topology: Topology | undefined;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
  });
  afterAll(async () => {
    if (topology) await stopProcess(topology.gateway);
    await redis?.stop();
  });

  it('exits 0 within 5 s of SIGTERM', async () => {
    topology = await startTopology('redis-shutdown', TOPOLOGIES['all-local'], { REDIS_URL: redis.url });
    const { child, exited } = topology.gateway;
    redis.pause();
    const signalled = Date.now();
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<string>((done) => (timer = setTimeout(() => done('still running'), EXIT_WITHIN_MS)))]).finally(() => clearTimeout(timer));
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(EXIT_WITHIN_MS);
  });
});
