import type { ArgumentsHost } from '@nestjs/common';

/** The pattern (NATS subject or TCP pattern) of the message being handled. */
export function messagePatternOf(host: ArgumentsHost): string {
  const context = host.switchToRpc().getContext<{ getPattern?: () => string; getSubject?: () => string }>();
  return context.getSubject?.() ?? context.getPattern?.() ?? '';
}
