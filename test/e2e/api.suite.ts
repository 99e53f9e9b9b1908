import { eventually } from '../support/eventually.js';
import type { AuthRole } from '@ficus/contracts/auth';
import { GATEWAY_CONTEXTS } from '../../apps/gateway/src/gateway.bindings.js';
import { changeRole } from '../../tools/auth/roles.js';
import { FakeLlm } from '../support/fake-llm/index.js';
import { HttpClient } from '../support/http-client.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';
import { startTopology, TOPOLOGIES, transportIn, type Topology, type TopologyName } from '../support/topology.js';
import { aiEnvironment, aiSuite } from './suites/ai.suite.js';
import { authSuite } from './suites/auth.suite.js';
import { edgeSuite } from './suites/edge.suite.js';
import { todosSuite } from './suites/todos.suite.js';
import { typedClientSuite } from './suites/typed-client.suite.js';

/**
 * The one e2e suite, written against the gateway's HTTP API and run unchanged in every
 * topology (one spec file per topology calls this): the proof that moving a context out of
 * the process changes nothing a client can see. `extra` adds topology-specific checks
 * (transport behaviour) against the same running processes, after the suite; `environment`
 * adds settings every process of the topology gets (e.g. TLS on TCP).
 */
export function apiSuite(name: TopologyName, extra?: (topology: () => Topology, llm: FakeLlm) => void, environment?: () => Promise<Record<string, string>>): void {
  describe(`API in the ${name} topology`, () => {
    let topology: Topology;
    let http: HttpClient;
    let mail: SmtpCapture;
    // The model the ai context calls, wherever ai runs: a fake OpenAI-compatible server here.
    const llm = new FakeLlm();

    beforeAll(async () => {
      // Auth mails reset links through a real SMTP server on loopback, wherever auth runs.
      mail = await startSmtpCapture();
      topology = await startTopology(name, TOPOLOGIES[name], { MAIL_URL: mail.url, ...(await aiEnvironment(llm)), ...(await environment?.()) });
      http = new HttpClient(topology.url);
    }, 60_000);

    afterAll(async () => {
      await topology?.stop();
      await llm.stop();
      await mail?.close();
    });

    it('serves Swagger UI and the OpenAPI document through the gateway, every context included', async () => {
      const ui = await fetch(`${topology.url}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
      const document = await http.get<{ paths: Record<string, unknown> }>('/docs-json');
      expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/todos', '/todos/{id}', '/ai/todos/summary']));
    });

    it('is ready, remote contexts included', async () => {
      // Becomes ready (as an orchestrator would wait for): JetStream's streams are set up in the background at start.
      const ready = await eventually(async () => {
        const answer = await http.get<{ details: Record<string, unknown> }>('/ready');
        expect(answer.status).toBe(200);
        return answer;
      });
      const used = GATEWAY_CONTEXTS.map((binding) => binding.context);
      const remote = used.filter((context) => transportIn(TOPOLOGIES[name], context) !== 'local').map((context) => `context:${context}`);
      for (const check of remote) expect(Object.keys(ready.body.details)).toContain(check);
    });

    // What an operator does with `npm run auth:role`, against the database this topology uses.
    const grantRole = async (email: string, role: AuthRole) => {
      const result = await changeRole(topology.env.DATABASE_URL, { action: 'grant', email, role });
      if (!result.found) throw new Error(`No account has the email ${email}`);
    };

    authSuite({ http: () => http, mail: () => mail, grantRole });
    todosSuite({ http: () => http });
    edgeSuite({ http: () => http });
    aiSuite({ http: () => http, llm });
    typedClientSuite({ http: () => http });
    extra?.(() => topology, llm);
  });
}
