/** One group of operations (`@ApiTags`) and what it holds, as the document's global `tags` list it. */
export interface ApiTag {
  name: string;
  description: string;
}

/**
 * What an app that publishes an HTTP API says about it. Only apps that declare one serve
 * Swagger UI (`/docs`) and the OpenAPI document (`/docs-json`); the context apps' HTTP ports
 * carry probes and metrics only.
 */
export interface ApiDocs {
  title: string;
  /** Markdown: what the API is, and what every answer has in common. */
  description: string;
  /** Every tag an operation uses; a tag without a description fails the lint (`npm test`). */
  tags: readonly ApiTag[];
}
