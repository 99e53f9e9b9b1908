import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@ficus/common';
import { createTransport } from 'nodemailer';

/** A plain-text message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where a message went: to the SMTP server, or (no MAIL_URL) into an `.eml` file. */
export type MailDelivery = { kind: 'smtp'; messageId: string } | { kind: 'file'; path: string };

/**
 * Outgoing mail through nodemailer: to the SMTP server at MAIL_URL, or — when none is
 * configured, as in development — into AUTH_MAIL_DIR as one `.eml` file per message (open it
 * in any mail program), so nothing is ever silently dropped.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly deliver: (message: MailMessage) => Promise<MailDelivery>;
  private readonly closeTransport: () => void;

  constructor(config: AppConfig) {
    const defaults = { from: config.MAIL_FROM };
    if (config.MAIL_URL) {
      const smtp = createTransport(config.MAIL_URL, defaults);
      this.deliver = async (message) => ({ kind: 'smtp', messageId: (await smtp.sendMail(message)).messageId });
      this.closeTransport = () => smtp.close();
    } else {
      const directory = resolve(config.AUTH_MAIL_DIR);
      const composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, defaults);
      this.deliver = async (message) => {
        const { message: raw } = await composer.sendMail(message);
        await mkdir(directory, { recursive: true });
        const path = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
        // Mail can carry secrets (reset links): readable by the owner only.
        await writeFile(path, raw, { mode: 0o600 });
        return { kind: 'file', path };
      };
      this.closeTransport = () => composer.close();
    }
  }

  /** Sends `message` from MAIL_FROM. */
  send(message: MailMessage): Promise<MailDelivery> {
    return this.deliver(message);
  }

  onApplicationShutdown(): void {
    this.closeTransport();
  }
}
