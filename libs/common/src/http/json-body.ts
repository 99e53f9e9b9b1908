import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { ValidationProblem } from '../errors/problem.exception.js';
import { asFieldSentences, scanInput, type TextRule } from '../validation/input-scan.js';

/** The one request body type the API takes. */
export const JSON_MEDIA_TYPE = 'application/json';

/** Where a lossy decode put U+FFFD in place of bytes that are not UTF-8. */
const DECODED_WHOLE: TextRule = (text) => (text.includes('\ufffd') ? 'must be valid UTF-8' : undefined);

/**
 * Request bodies are JSON and nothing else: every other type, the form encodings included, is
 * 415. A plain HTML form on any site can post `application/x-www-form-urlencoded`,
 * `multipart/form-data` or `text/plain` across origins without a CORS preflight, so accepting
 * them would let other sites sign users in, spend their rate limits or make them send mail.
 * A body that is not UTF-8 is 400 naming the fields holding the bad bytes, where decoding
 * would otherwise have put U+FFFD in their place unnoticed. Parsing itself is Fastify's own
 * (secure-json-parse: prototype poisoning refused). An empty body is no body, whatever its
 * content type says — what Swagger UI and many clients send to a route whose body is optional
 * (`DELETE /todos/{id}`, the AI routes) — so such routes work, and a route that needs a body
 * answers 400 naming the fields it lacks.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    const text = body.toString('utf8');
    if (isUtf8(body)) {
      parseJson(request, text, done);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) done(error, undefined);
      else done(new ValidationProblem(asFieldSentences(scanInput(parsed, [DECODED_WHOLE], { keys: true }).problems), 'The request body is not valid UTF-8.'), undefined);
    });
  });
}
