import { sample } from 'openapi-sampler';
import type { MediaTypeObject, OpenAPI3, OperationObject, ParameterObject, RequestBodyObject } from 'openapi-typescript';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** One operation of the document. */
export interface DocumentedOperation {
  method: string;
  /** The path template, e.g. `/todos/{id}`. */
  path: string;
  operation: OperationObject;
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenAPI3): DocumentedOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      return operation ? [{ method: method.toUpperCase(), path, operation }] : [];
    }),
  );
}

export const isSecured = (operation: OperationObject): boolean => (operation.security?.length ?? 0) > 0;

/** The status a request the operation accepts gets: its lowest documented 2xx. */
export function successStatus(operation: OperationObject): number {
  const statuses = Object.keys(operation.responses ?? {}).map(Number).filter((status) => status >= 200 && status < 300);
  return Math.min(...statuses);
}

/** Media types of the success answer besides JSON (e.g. `text/event-stream`), asked for with `Accept`. */
export function otherSuccessMediaTypes(operation: OperationObject): string[] {
  const success = operation.responses?.[successStatus(operation)] as { content?: Record<string, unknown> } | undefined;
  return Object.keys(success?.content ?? {}).filter((type) => type !== 'application/json');
}

export const pathParameters = (operation: OperationObject): ParameterObject[] =>
  ((operation.parameters ?? []) as ParameterObject[]).filter((parameter) => parameter.in === 'path');

function jsonBody(operation: OperationObject): { required: boolean; media: MediaTypeObject } | undefined {
  const requestBody = operation.requestBody as RequestBodyObject | undefined;
  const media = requestBody?.content['application/json'];
  return media ? { required: requestBody?.required ?? false, media } : undefined;
}

/** Whether the operation's body has fields it cannot do without (so `{}` is invalid input). */
export function requiresFields(document: OpenAPI3, operation: OperationObject): boolean {
  const schema = jsonBody(operation)?.media.schema as { $ref?: string; required?: string[] } | undefined;
  const name = schema?.$ref?.replace('#/components/schemas/', '');
  const resolved = (name ? document.components?.schemas?.[name] : schema) as { required?: string[] } | undefined;
  return (resolved?.required?.length ?? 0) > 0;
}

/**
 * The request body the document itself suggests: its own example (or the first of its
 * examples), else a sample of its schema made of the required fields' examples.
 */
export function exampleBody(document: OpenAPI3, operation: OperationObject): Record<string, unknown> | undefined {
  const body = jsonBody(operation);
  if (!body) return undefined;
  const { example, examples, schema } = body.media;
  const first = examples ? (Object.values(examples)[0] as { value?: unknown } | undefined)?.value : undefined;
  const chosen = example ?? first ?? (schema ? sample(schema as never, { skipNonRequired: true, quiet: true }, document) : {});
  return structuredClone(chosen) as Record<string, unknown>;
}

/** `/todos/{id}` with `{ id: … }` filled in. */
export const filledPath = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(values[name] ?? `missing-${name}`));
