import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, type CallContext } from '@ficus/common';
import { PinoLogger } from 'nestjs-pino';
import { MailSender } from '../mail/mail-sender.js';

/**
 * The password reset mail: a link to `<APP_PUBLIC_URL>/reset-password?token=…`. Without an SMTP
 * server (no MAIL_URL) outside production, the link is also logged at info level — the
 * developer's way to the reset page; with an SMTP server, or in production, it never is.
 */
@Injectable()
export class PasswordResetMail implements OnModuleInit {
  private readonly resetPage: string;

  constructor(
    private readonly sender: MailSender,
    private readonly logger: PinoLogger,
    private readonly config: AppConfig,
  ) {
    logger.setContext(PasswordResetMail.name);
    this.resetPage = `${config.APP_PUBLIC_URL.replace(/\/+$/, '')}/reset-password`;
  }

  onModuleInit(): void {
    if (!this.config.MAIL_URL && this.config.isProduction) {
      this.logger.warn({ mailDir: this.config.AUTH_MAIL_DIR }, 'MAIL_URL is not set: mail is written to files instead of being sent');
    }
  }

  async send(to: string, token: string, validForSeconds: number, call: CallContext): Promise<void> {
    const link = `${this.resetPage}?token=${encodeURIComponent(token)}`;
    const minutes = Math.round(validForSeconds / 60);
    const delivery = await this.sender.send({
      to,
      subject: 'Reset your Ficus password',
      text: [
        'Someone asked to reset the password of your Ficus account.',
        '',
        `To choose a new password, open this link within ${minutes} minutes:`,
        link,
        '',
        'If that was not you, ignore this mail: your password stays as it is.',
      ].join('\n'),
    });
    if (delivery.kind === 'file' && !this.config.isProduction) {
      this.logger.info({ requestId: call.requestId, file: delivery.path, link }, `Password reset mail written to ${delivery.path} (no MAIL_URL); link: ${link}`);
    }
  }
}
