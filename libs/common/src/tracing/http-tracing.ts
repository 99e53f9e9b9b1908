import { trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';

/**
 * Names the active HTTP server span after its route, as the semantic conventions want
 * (`GET /todos/:id`, attribute `http.route`): the http instrumentation sees only the raw URL,
 * which would give every id a span name of its own. Unmatched paths keep the bare method.
 */
export function nameHttpServerSpan(method: string, route: string | undefined): void {
  const span = trace.getActiveSpan();
  if (!span || route === undefined) return;
  span.setAttribute(ATTR_HTTP_ROUTE, route);
  span.updateName(`${method} ${route}`);
}
