/** A request still unanswered this long is reported as hung instead of waited for. */
const HUNG_AFTER_MS = 5000;

/** Awaits one request (or call) and fails unless it was answered within `boundMs`; a hung one fails, too, after 5 s. */
export async function answeredWithin<T>(boundMs: number, request: Promise<T>): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${HUNG_AFTER_MS} ms`)), HUNG_AFTER_MS);
  });
  const response = await Promise.race([request, hung]).finally(() => clearTimeout(timer));
  expect(Date.now() - started).toBeLessThan(boundMs);
  return response;
}
