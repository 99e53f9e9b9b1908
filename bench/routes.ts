/** A product response captured once, replayed by the baseline server. */
export interface CapturedResponse {
  status: number;
  contentType: string;
  body: string;
}

/** The routes file the harness writes and the baseline reads: `"<METHOD> <path>"` → response. */
export type BaselineRoutes = Record<string, CapturedResponse>;

/** Route key shared by the harness (writer) and the baseline server (reader). */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
