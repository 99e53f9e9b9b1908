import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { HeaderObject, OpenAPI3, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from 'openapi-typescript';

/** An answer as it came over the wire. */
export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

const DOCUMENT_ID = 'openapi.json';

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/**
 * Checks answers against an OpenAPI 3.0 document: the status must be one the operation
 * documents, every required header must be there and every documented header must fit its
 * schema, and the body must be of a documented media type and fit that type's schema.
 * Schemas are compiled with ajv (OpenAPI's `nullable` and formats included).
 */
export class OpenApiChecker {
  private readonly bodies: Ajv;
  private readonly headers: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPI3) {
    const options = { strict: false, allErrors: true, validateFormats: true } as const;
    this.bodies = addFormats.default(new Ajv(options));
    // Header values are text: `X-RateLimit-Limit: 100` is an integer header.
    this.headers = addFormats.default(new Ajv({ ...options, coerceTypes: true }));
    this.bodies.addSchema(document as object, DOCUMENT_ID);
    this.headers.addSchema(document as object, DOCUMENT_ID);
  }

  /** The operation at `method` `path` (the document's template, e.g. `/todos/{id}`). */
  operation(method: string, path: string): OperationObject {
    const operation = (this.document.paths?.[path] as Record<string, OperationObject> | undefined)?.[method.toLowerCase()];
    if (!operation) throw new Error(`The document has no ${method} ${path}`);
    return operation;
  }

  /** What is wrong with `answer` as an answer of the operation; empty when the document describes it. */
  problems(method: string, path: string, answer: Answer): string[] {
    const documented = this.operation(method, path).responses?.[answer.status] as ResponseObject | ReferenceObject | undefined;
    if (!documented) return [`status ${answer.status} is not documented (${answer.body.slice(0, 300)})`];
    const response = this.resolve<ResponseObject>(documented);
    return [...this.headerProblems(response, answer), ...this.bodyProblems(response, answer)];
  }

  private headerProblems(response: ResponseObject, answer: Answer): string[] {
    return Object.entries(response.headers ?? {}).flatMap(([name, declared]) => {
      const header = this.resolve<HeaderObject>(declared);
      const value = answer.headers.get(name);
      if (value === null) return header.required ? [`header ${name} is missing`] : [];
      if (!header.schema) return [];
      const validate = this.validator(this.headers, header.schema);
      return validate(value) ? [] : [`header ${name}: ${JSON.stringify(value)} ${this.headers.errorsText(validate.errors)}`];
    });
  }

  private bodyProblems(response: ResponseObject, answer: Answer): string[] {
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) return answer.body === '' ? [] : [`a body where none is documented: ${answer.body.slice(0, 200)}`];
    const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0].trim();
    const media = content[mediaType];
    if (!media) return [`content type ${JSON.stringify(mediaType)} is not documented (only ${Object.keys(content).join(', ')})`];
    if (!media.schema) return [];
    const validate = this.validator(this.bodies, media.schema);
    let body: unknown = answer.body;
    if (mediaType.endsWith('json')) {
      try {
        body = JSON.parse(answer.body);
      } catch {
        return [`the ${mediaType} body is not JSON: ${answer.body.slice(0, 200)}`];
      }
    }
    return validate(body) ? [] : [`body: ${this.bodies.errorsText(validate.errors)} in ${answer.body.slice(0, 300)}`];
  }

  private validator(ajv: Ajv, schema: SchemaObject | ReferenceObject): ValidateFunction {
    const key = `${ajv === this.headers ? 'h' : 'b'}:${JSON.stringify(schema)}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      // References point into the document: `#/components/…` becomes `openapi.json#/components/…`.
      validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`)) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** A local `$ref` (`#/components/…`) resolved, or the object itself. */
  private resolve<T>(value: T | ReferenceObject): T {
    if (!isReference(value as object)) return value as T;
    const path = (value as ReferenceObject).$ref.replace(/^#\//, '').split('/');
    return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], this.document) as T;
  }
}
