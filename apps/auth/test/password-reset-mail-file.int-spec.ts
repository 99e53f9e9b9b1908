import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from '../../../test/support/databases.js';
import { anonymousCall, createAuthDatabase, startAuthContext, strongPassword, uniqueEmail, type AuthHarness } from './support/auth-context.js';
import { resetLinkIn, tokenOf } from '../../../test/support/smtp-capture.js';

// Its own file: nestjs-pino keeps one root logger per module registry, so a second app in the
// same file would log into the first app's capture.
describe('auth context: password reset mail without MAIL_URL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_mailfile');
  });
  afterAll(() => database?.drop());

  describe('without an SMTP server', () => {
    let mailDir: string;
    let harness: AuthHarness;

    beforeAll(async () => {
      mailDir = mkdtempSync(join(tmpdir(), 'ficus-mail-'));
      harness = await startAuthContext(database.url, { AUTH_MAIL_DIR: mailDir, NODE_ENV: 'development' });
    });
    afterAll(async () => {
      await harness?.close();
      rmSync(mailDir, { recursive: true, force: true });
    });

    it('writes the mail as an .eml file and logs the link for the developer', async () => {
      const email = uniqueEmail();
      await harness.auth.register({ email, password: strongPassword() }, anonymousCall());
      const call = anonymousCall();
      await harness.auth.forgotPassword({ email }, call);
      await harness.background.settled();
      const files = readdirSync(mailDir);
      expect(files).toEqual([expect.stringMatching(/\.eml$/)]);
      const raw = readFileSync(join(mailDir, files[0]), 'utf8');
      // It holds a live reset link: readable by the owner only.
      expect(statSync(join(mailDir, files[0])).mode & 0o777).toBe(0o600);
      expect(raw).toContain(`To: ${email}`);
      const link = resetLinkIn(raw);
      expect(link).toMatch(/^http:\/\/localhost:3000\/reset-password\?token=/);
      const logged = harness.logs.forRequest(call.requestId).find((line) => line.link === link);
      expect(logged).toMatchObject({ level: 30 });
      await expect(harness.auth.resetPassword({ token: tokenOf(link), newPassword: strongPassword() }, anonymousCall())).resolves.toBeUndefined();
    });
  });
});
