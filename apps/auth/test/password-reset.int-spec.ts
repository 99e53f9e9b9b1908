import { PLATFORM_ERRORS } from '@ficus/common';
import { AUTH_ERRORS, type TokenPair } from '@ficus/contracts/auth';
import type { TestDatabase } from '../../../test/support/databases.js';
import {
  accessTokenClaims,
  anonymousCall,
  createAuthDatabase,
  holdNextCall,
  problemOf,
  startAuthContext,
  strongPassword,
  uniqueEmail,
  type AuthHarness,
} from './support/auth-context.js';
import { ResetTokensRepository } from '../src/password-reset/reset-tokens.repository.js';
import { SessionService } from '../src/sessions/session.service.js';
import { resetLinkIn, startSmtpCapture, tokenOf, type SmtpCapture } from '../../../test/support/smtp-capture.js';

const PUBLIC_URL = 'https://ficus.example.test';

describe('auth context: password reset', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_reset');
  });
  afterAll(() => database?.drop());

  describe('with an SMTP server (MAIL_URL)', () => {
    let smtp: SmtpCapture;
    let harness: AuthHarness;

    beforeAll(async () => {
      smtp = await startSmtpCapture();
      harness = await startAuthContext(database.url, { MAIL_URL: smtp.url, APP_PUBLIC_URL: `${PUBLIC_URL}/` });
    });
    afterAll(async () => {
      await harness?.close();
      await smtp?.close();
    });

    async function account(): Promise<{ email: string; password: string }> {
      const email = uniqueEmail();
      const password = strongPassword();
      await harness.auth.register({ email, password }, anonymousCall());
      return { email, password };
    }

    /** Asks for a reset link and returns the token from the mail that arrives. */
    async function requestResetToken(email: string): Promise<string> {
      const before = smtp.messages.length;
      await harness.auth.forgotPassword({ email }, anonymousCall());
      await harness.background.settled();
      const mails = smtp.messages.slice(before);
      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual([email]);
      return tokenOf(resetLinkIn(mails[0].raw));
    }

    it('answers an unknown and a known email identically, and mails a link only to the known one', async () => {
      const { email } = await account();
      const before = smtp.messages.length;
      const unknownCall = anonymousCall();
      const knownCall = anonymousCall();
      const answers = [await harness.auth.forgotPassword({ email: uniqueEmail('nobody') }, unknownCall), await harness.auth.forgotPassword({ email: ` ${email.toUpperCase()}` }, knownCall)];
      expect(answers).toEqual([undefined, undefined]);
      await harness.background.settled();
      const mails = smtp.messages.slice(before);
      expect(mails.map((mail) => mail.to)).toEqual([[email]]);
      const link = resetLinkIn(mails[0].raw);
      expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/reset-password\\?token=[A-Za-z0-9_-]{43}$`));
      expect(mails[0].raw).toContain('From: Ficus <no-reply@localhost>');
      // With an SMTP server the link is never logged.
      expect(harness.logs.text).not.toContain(tokenOf(link));
      expect(harness.logs.forRequest(knownCall.requestId).find((line) => line.event === 'auth.password-reset.requested')).toMatchObject({ accountExists: true });
    });

    it('sets the new password with the token, ends every session, and the token works only once', async () => {
      const { email, password } = await account();
      const sessions: TokenPair[] = [await harness.auth.login({ email, password }, anonymousCall()), await harness.auth.login({ email, password }, anonymousCall())];
      const token = await requestResetToken(email);
      const newPassword = strongPassword();
      await harness.auth.resetPassword({ token, newPassword }, anonymousCall());
      for (const tokens of sessions) {
        expect(await problemOf(harness.auth.refresh({ refreshToken: tokens.refreshToken }, anonymousCall()))).toMatchObject({ status: 401 });
        await expect(harness.revocations.isRevoked(accessTokenClaims(tokens.accessToken).sid)).resolves.toBe(true);
      }
      expect(await problemOf(harness.auth.login({ email, password }, anonymousCall()))).toMatchObject({ status: 401 });
      await expect(harness.auth.login({ email, password: newPassword }, anonymousCall())).resolves.toBeDefined();
      expect(await problemOf(harness.auth.resetPassword({ token, newPassword: strongPassword() }, anonymousCall()))).toMatchObject({ status: 400, code: AUTH_ERRORS.invalidResetToken });
    });

    it('leaves one live link when two are asked for at the same moment', async () => {
      for (let round = 0; round < 5; round++) {
        const { email } = await account();
        await Promise.all([harness.auth.forgotPassword({ email }, anonymousCall()), harness.auth.forgotPassword({ email }, anonymousCall())]);
        await harness.background.settled();
        await expect(harness.prisma.passwordResetToken.count({ where: { user: { email }, usedAt: null } })).resolves.toBe(1);
      }
    });

    it('keeps the link working when the reset answers 503, so the same request can be repeated', async () => {
      const { email, password } = await account();
      const session = await harness.auth.login({ email, password }, anonymousCall());
      const token = await requestResetToken(email);
      const reset = { token, newPassword: strongPassword() };
      jest.spyOn(harness.revocations, 'revoke').mockRejectedValueOnce(new Error('connection refused'));
      expect(await problemOf(harness.auth.resetPassword(reset, anonymousCall()))).toMatchObject({ status: 503, code: PLATFORM_ERRORS.storeUnavailable });
      await harness.auth.resetPassword(reset, anonymousCall());
      await expect(harness.revocations.isRevoked(accessTokenClaims(session.accessToken).sid)).resolves.toBe(true);
      await expect(harness.auth.login({ email, password: reset.newPassword }, anonymousCall())).resolves.toBeDefined();
    });

    it('opens no session for a login that checked the old password before the reset', async () => {
      const credentials = await account();
      const reset = { token: await requestResetToken(credentials.email), newPassword: strongPassword() };
      const checked = holdNextCall(harness.app.get(SessionService, { strict: false }), 'open');
      const racing = harness.auth.login(credentials, anonymousCall());
      await checked.reached;
      await harness.auth.resetPassword(reset, anonymousCall());
      checked.release();
      expect(await problemOf(racing)).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    });

    it('ends a session a login opened with the old password while the reset was under way', async () => {
      const credentials = await account();
      const reset = { token: await requestResetToken(credentials.email), newPassword: strongPassword() };
      const sessionsEnded = holdNextCall(harness.app.get(ResetTokensRepository, { strict: false }), 'redeem');
      const resetting = harness.auth.resetPassword(reset, anonymousCall());
      await sessionsEnded.reached;
      const late = await harness.auth.login(credentials, anonymousCall());
      sessionsEnded.release();
      await resetting;
      expect(await problemOf(harness.auth.refresh({ refreshToken: late.refreshToken }, anonymousCall()))).toMatchObject({ status: 401 });
      await expect(harness.revocations.isRevoked(accessTokenClaims(late.accessToken).sid)).resolves.toBe(true);
    });

    it('voids an older link when a newer one is issued', async () => {
      const { email } = await account();
      const older = await requestResetToken(email);
      const newer = await requestResetToken(email);
      expect(await problemOf(harness.auth.resetPassword({ token: older, newPassword: strongPassword() }, anonymousCall()))).toMatchObject({ status: 400, code: AUTH_ERRORS.invalidResetToken });
      await expect(harness.auth.resetPassword({ token: newer, newPassword: strongPassword() }, anonymousCall())).resolves.toBeUndefined();
    });

    it('honours the link within 30 minutes and refuses it after', async () => {
      const { email } = await account();
      const fresh = await requestResetToken(email);
      harness.travel(29 * 60);
      await expect(harness.auth.resetPassword({ token: fresh, newPassword: strongPassword() }, anonymousCall())).resolves.toBeUndefined();
      const stale = await requestResetToken(email);
      harness.travel(30 * 60 + 1);
      expect(await problemOf(harness.auth.resetPassword({ token: stale, newPassword: strongPassword() }, anonymousCall()))).toMatchObject({ status: 400, code: AUTH_ERRORS.invalidResetToken });
    });

    it('refuses a weak new password without spending the token', async () => {
      const { email } = await account();
      const token = await requestResetToken(email);
      expect(await problemOf(harness.auth.resetPassword({ token, newPassword: 'password1' }, anonymousCall()))).toMatchObject({
        status: 400,
        code: AUTH_ERRORS.weakPassword,
        errors: [{ field: 'newPassword' }],
      });
      await expect(harness.auth.resetPassword({ token, newPassword: strongPassword() }, anonymousCall())).resolves.toBeUndefined();
    });

    it('refuses a token it never issued', async () => {
      expect(await problemOf(harness.auth.resetPassword({ token: 'A'.repeat(43), newPassword: strongPassword() }, anonymousCall()))).toMatchObject({ status: 400, code: AUTH_ERRORS.invalidResetToken });
    });
  });
});
