import type { ContextName } from '../config/contexts.js';
import type { TransportSettings } from '../config/transport.settings.js';
import { serviceCalls } from '../contracts/service-calls.js';
import { cancelPattern, pingPattern, subjectFor } from './transport-options.js';

/** Error code of messages from a known app for a pattern it does not call (see serviceCalls). */
export const SERVICE_FORBIDDEN = 'service.forbidden';

/**
 * Which app may send which message: the patterns each app's code calls (serviceCalls), plus
 * the readiness ping and cancel of each context it calls, as the subjects they travel under.
 */
export class ServiceRights {
  private readonly senders = new Map<string, Set<string>>();

  constructor(config: TransportSettings) {
    for (const [app, calls] of serviceCalls()) {
      for (const [context, patterns] of Object.entries(calls) as [ContextName, Readonly<Record<string, string>>][]) {
        for (const pattern of [...Object.values(patterns), pingPattern(context), cancelPattern(context)]) {
          const subject = subjectFor(context, pattern, config);
          this.senders.set(subject, (this.senders.get(subject) ?? new Set()).add(app));
        }
      }
    }
  }

  /** Whether the app `service` may send a message on `subject`. */
  allows(service: string, subject: string): boolean {
    return this.senders.get(subject)?.has(service) ?? false;
  }
}
