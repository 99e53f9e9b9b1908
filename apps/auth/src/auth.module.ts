import { Module } from '@nestjs/common';
import { AuthMessagesController } from './auth.messages.controller.js';
import { AuthContextModule } from './auth.context.js';

/**
 * Root module of the auth app: the auth context, served to other apps over its transport.
 * The platform (config, logging, health, …) is added by `bootstrap`.
 */
@Module({
  imports: [AuthContextModule],
  controllers: [AuthMessagesController],
})
export class AuthModule {}
