import { NEVER, Subject, finalize, of } from 'rxjs';
import type { ServiceCredential } from './message-envelope.js';
import { CallCancellations } from './call-cancellations.js';

const credential = (service = 'gateway'): ServiceCredential => ({ service, issuedAt: 0, id: 'm', signature: 's' });
const caller = (userId: string) => ({ userId, roles: ['user'], sessionId: `session-of-${userId}` });
/** A message of call `callId` for `userId`, sent by `service`. */
const message = (callId: string, userId = 'u1', service = 'gateway') => ({
  call: { requestId: 'chosen-by-the-client', callId, deadline: Number.MAX_SAFE_INTEGER, caller: caller(userId) },
  credential: credential(service),
});

describe('CallCancellations', () => {
  it('completes and unsubscribes the work of the cancelled call only', () => {
    const cancellations = new CallCancellations();
    const stopped: string[] = [];
    const completed: string[] = [];
    for (const callId of ['c1', 'c1', 'c2']) {
      cancellations
        .until(message(callId), NEVER.pipe(finalize(() => stopped.push(callId))))
        .subscribe({ complete: () => completed.push(callId) });
    }
    expect(cancellations.size).toBe(3);
    cancellations.cancel(message('c1'));
    expect(stopped).toEqual(['c1', 'c1']);
    expect(completed).toEqual(['c1', 'c1']);
    expect(cancellations.size).toBe(1);
    cancellations.cancel(message('unknown'));
    expect(cancellations.size).toBe(1);
  });

  it('acts only on work of the same caller, sent by the same app: a shared request id, or even call id, reaches nobody else', () => {
    const cancellations = new CallCancellations();
    const stopped: string[] = [];
    const work = (name: string, sent: ReturnType<typeof message>) => cancellations.until(sent, NEVER.pipe(finalize(() => stopped.push(name)))).subscribe();
    work('victim', message('c1', 'victim'));
    work('from ai', message('c1', 'attacker', 'ai'));
    cancellations.cancel(message('c1', 'attacker'));
    expect(stopped).toEqual([]);
    cancellations.cancel(message('c1', 'victim'));
    expect(stopped).toEqual(['victim']);
  });

  it('passes work through unchanged and forgets it once it ends', () => {
    const cancellations = new CallCancellations();
    const seen: number[] = [];
    cancellations.until(message('c1'), of(1, 2)).subscribe((value) => seen.push(value));
    const source = new Subject<number>();
    const running = cancellations.until(message('c2'), source).subscribe((value) => seen.push(value));
    source.next(3);
    running.unsubscribe();
    expect(seen).toEqual([1, 2, 3]);
    expect(cancellations.size).toBe(0);
  });
});
