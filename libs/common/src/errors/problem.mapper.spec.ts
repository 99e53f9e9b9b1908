import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { mapToProblem } from './problem.mapper.js';
import { ProblemException, ValidationProblem } from './problem.exception.js';

function prismaError(code: string): Error {
  return Object.assign(new Error(`Invalid prisma.user.create() invocation: ${code} on table "auth"."users"`), {
    name: 'PrismaClientKnownRequestError',
    code,
  });
}

describe('mapToProblem', () => {
  it.each([
    ['P2002', 409, 'conflict'],
    ['P2003', 409, 'conflict'],
    ['P2025', 404, 'not-found'],
    ['P2034', 409, 'conflict'],
    ['P2024', 503, 'database-busy'],
  ])('maps Prisma %s to %i', (code, status, slug) => {
    const { problem, unexpected } = mapToProblem(prismaError(code));
    expect(problem).toMatchObject({ status, type: `https://ficus.dev/problems/${slug}` });
    expect(JSON.stringify(problem)).not.toMatch(/prisma|auth|users|P20/i);
    expect(unexpected).toBe(false);
  });

  it.each([
    ['UniqueConstraintViolation', 409],
    ['ForeignKeyConstraintViolation', 409],
    ['NullConstraintViolation', 400],
  ])('maps a raw-query failure (P2010) by its driver adapter kind %s', (kind, status) => {
    const error = Object.assign(prismaError('P2010'), { meta: { driverAdapterError: { cause: { kind } } } });
    expect(mapToProblem(error)).toMatchObject({ problem: { status }, unexpected: false });
  });

  it.each([['P2000'], ['P2011'], ['P2023']])('maps input the database rejected (%s) to 400', (code) => {
    expect(mapToProblem(prismaError(code))).toMatchObject({ problem: { status: 400, type: 'https://ficus.dev/problems/invalid-value' }, unexpected: false });
  });

  it('treats an unknown Prisma code as an unexpected 500', () => {
    // P2030: a full-text index is missing — a bug of ours, not a condition to retry.
    expect(mapToProblem(prismaError('P2030'))).toMatchObject({ problem: { status: 500 }, unexpected: true });
  });

  it('maps an unreachable database (P1001) and a pool timeout (P2024) to 503 with a code and Retry-After, not logged as unexpected', () => {
    expect(mapToProblem(prismaError('P1001'))).toEqual({
      problem: expect.objectContaining({ status: 503, code: 'platform.database_unavailable', type: 'https://ficus.dev/problems/database-unavailable' }),
      retryAfterSeconds: 2,
      unexpected: false,
    });
    expect(mapToProblem(prismaError('P2024'))).toEqual({
      problem: expect.objectContaining({ status: 503, code: 'platform.database_busy' }),
      retryAfterSeconds: 1,
      unexpected: false,
    });
  });

  it('keeps the message of 4xx HTTP exceptions and hides that of 5xx ones', () => {
    expect(mapToProblem(new NotFoundException('Todo not found')).problem).toMatchObject({ status: 404, detail: 'Todo not found' });
    const { problem, unexpected } = mapToProblem(new HttpException('db password is hunter2', 502));
    expect(problem).toEqual({ type: 'https://ficus.dev/problems/bad-gateway', title: 'Bad Gateway', status: 502 });
    expect(unexpected).toBe(true);
  });

  it('renders a ProblemException as declared, with its code and field errors', () => {
    const problem = mapToProblem(new ProblemException({ status: 412, type: 'version-mismatch', detail: 'stale', code: 'TODO_VERSION_MISMATCH' })).problem;
    expect(problem).toEqual({ type: 'https://ficus.dev/problems/version-mismatch', title: 'Precondition Failed', status: 412, detail: 'stale', code: 'TODO_VERSION_MISMATCH' });
    expect(mapToProblem(new ValidationProblem([{ field: 'a', messages: ['bad'] }])).problem.errors).toEqual([{ field: 'a', messages: ['bad'] }]);
  });

  it('passes on the response headers a problem asks for', () => {
    const challenge = { 'www-authenticate': 'Bearer error="invalid_token"' };
    expect(mapToProblem(new ProblemException({ status: 401, headers: challenge })).headers).toEqual(challenge);
  });

  it('treats a 500 without a code as unexpected, unless another app raised it and logged it there', () => {
    const problem = { status: 500, type: 'internal-error', detail: 'An unexpected error occurred.' };
    expect(mapToProblem(new ProblemException(problem)).unexpected).toBe(true);
    expect(mapToProblem(new ProblemException({ ...problem, relayed: true }))).toMatchObject({ unexpected: false, problem: { status: 500 } });
  });

  it('maps wrapped Fastify errors by their code', () => {
    const cause = Object.assign(new Error("Body is not valid JSON but content-type is set to 'application/json'"), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    const wrapped = new BadRequestException(cause.message, { cause });
    expect(mapToProblem(wrapped).problem).toMatchObject({ status: 400, type: 'https://ficus.dev/problems/malformed-body' });
  });

  it('never exposes anything of an unknown error', () => {
    const { problem, unexpected } = mapToProblem(new TypeError("Cannot read properties of undefined (reading 'id') at /srv/app.js:1"));
    expect(problem).toEqual({ type: 'https://ficus.dev/problems/internal-error', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred.' });
    expect(unexpected).toBe(true);
    expect(mapToProblem('a thrown string').problem.status).toBe(500);
  });
});
