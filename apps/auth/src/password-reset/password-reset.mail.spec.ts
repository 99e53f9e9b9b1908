import { AppConfig, loadConfig } from '@ficus/common';
import type { PinoLogger } from 'nestjs-pino';
import type { MailDelivery, MailMessage, MailSender } from '../mail/mail-sender.js';
import { PasswordResetMail } from './password-reset.mail.js';

function mailWith(env: Record<string, string>, delivery: MailDelivery) {
  const sent: MailMessage[] = [];
  const sender = { send: async (message: MailMessage) => (sent.push(message), delivery) } as unknown as MailSender;
  const logger = { setContext: jest.fn(), info: jest.fn(), warn: jest.fn() };
  const mail = new PasswordResetMail(sender, logger as unknown as PinoLogger, loadConfig(AppConfig, env));
  return { mail, sent, logger };
}

const call = { requestId: 'req-1', callId: 'call-1', deadline: Date.now() + 1000 };

describe('PasswordResetMail', () => {
  it('links to APP_PUBLIC_URL/reset-password with the token, and states the lifetime', async () => {
    const { mail, sent } = mailWith({ APP_PUBLIC_URL: 'https://app.example.com/' }, { kind: 'smtp', messageId: '<1@x>' });
    await mail.send('ada@example.com', 'tok_en-1', 1800, call);
    expect(sent).toEqual([{ to: 'ada@example.com', subject: expect.any(String), text: expect.stringContaining('https://app.example.com/reset-password?token=tok_en-1') }]);
    expect(sent[0].text).toContain('30 minutes');
  });

  it('logs the link only for file delivery outside production', async () => {
    const file: MailDelivery = { kind: 'file', path: '/tmp/x.eml' };
    const development = mailWith({ NODE_ENV: 'development' }, file);
    await development.mail.send('ada@example.com', 'secret-token', 1800, call);
    expect(JSON.stringify(development.logger.info.mock.calls)).toContain('secret-token');

    const production = mailWith({ NODE_ENV: 'production' }, file);
    production.mail.onModuleInit();
    await production.mail.send('ada@example.com', 'secret-token', 1800, call);
    expect(production.logger.info).not.toHaveBeenCalled();
    expect(production.logger.warn).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/MAIL_URL is not set/));

    const smtp = mailWith({ NODE_ENV: 'development', MAIL_URL: 'smtp://127.0.0.1:2525' }, { kind: 'smtp', messageId: '<1@x>' });
    await smtp.mail.send('ada@example.com', 'secret-token', 1800, call);
    expect(smtp.logger.info).not.toHaveBeenCalled();
  });
});
