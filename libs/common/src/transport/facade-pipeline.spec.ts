import { randomUUID } from 'node:crypto';
import { IsString, MaxLength } from 'class-validator';
import { lastValueFrom, Observable, of, toArray } from 'rxjs';
import { eventually } from '../../../../test/support/eventually.js';
import type { CallContext } from '../contracts/call-context.js';
import type { FacadeContract } from '../contracts/facade-contract.js';
import { ProblemException } from '../errors/problem.exception.js';
import { FacadeCallPipeline } from './facade-pipeline.js';

class NoteRequest {
  @IsString()
  @MaxLength(5)
  text!: string;
}

interface NotesFacade {
  echo(input: NoteRequest, call: CallContext): Promise<{ received: unknown; isRequest: boolean }>;
  dated(input: NoteRequest, call: CallContext): Promise<{ at: Date; missing?: string; nested: { gone: undefined; kept: number } }>;
  nothing(input: NoteRequest, call: CallContext): Promise<void>;
  slow(input: NoteRequest, call: CallContext): Promise<string>;
  refuse(input: NoteRequest, call: CallContext): Promise<string>;
  crash(input: NoteRequest, call: CallContext): Promise<string>;
  items(input: NoteRequest, call: CallContext): Observable<{ at: Date }>;
}

const NOTES: FacadeContract<NotesFacade> = {
  context: 'notes',
  token: Symbol('NOTES_FACADE'),
  patterns: { echo: 'n.echo', dated: 'n.dated', nothing: 'n.nothing', slow: 'n.slow', refuse: 'n.refuse', crash: 'n.crash', items: 'n.items' },
  requests: { echo: NoteRequest, dated: NoteRequest, nothing: NoteRequest, slow: NoteRequest, refuse: NoteRequest, crash: NoteRequest, items: NoteRequest },
  streaming: { items: true },
};

const AT = new Date('2026-12-07T05:00:00.000Z');

/** A facade doing one thing per method, recording what it was given. */
class Notes implements NotesFacade {
  readonly calls: string[] = [];
  readonly signals: AbortSignal[] = [];

  async echo(input: NoteRequest) {
    this.calls.push('echo');
    return { received: input, isRequest: input instanceof NoteRequest };
  }

  async dated() {
    return { at: AT, missing: undefined, nested: { gone: undefined, kept: 1 } };
  }

  async nothing(): Promise<void> {}

  slow(_input: NoteRequest, call: CallContext): Promise<string> {
    this.calls.push('slow');
    const { signal } = call;
    if (signal) this.signals.push(signal);
    // Ends only when its signal tells it nobody wants the answer any more.
    return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
  }

  async refuse(): Promise<string> {
    throw new ProblemException({ status: 409, type: 'conflict', code: 'notes.conflict', detail: 'Changed meanwhile.', headers: { etag: '"1"' } });
  }

  async crash(): Promise<string> {
    throw new Error('database password is hunter2');
  }

  items() {
    return of({ at: AT }, { at: AT });
  }
}

const call = (overrides: Partial<CallContext> = {}): CallContext => ({ requestId: 'r', callId: randomUUID(), deadline: Date.now() + 5000, ...overrides });

function setUp() {
  const notes = new Notes();
  const errors: object[] = [];
  const pipeline = new FacadeCallPipeline(NOTES, notes, { error: (object) => errors.push(object) });
  return { notes, errors, pipeline, facade: pipeline.facade() };
}

async function problemOf(promise: Promise<unknown>): Promise<ProblemException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('FacadeCallPipeline', () => {
  it('validates the input against the contract, as a copy made through JSON', async () => {
    const { facade, notes } = setUp();
    const invalid = await problemOf(facade.echo({ text: 'too long', extra: 1 } as NoteRequest, call()));
    expect([invalid.getStatus(), invalid.errors?.map(({ field }) => field).toSorted()]).toEqual([400, ['extra', 'text']]);
    // A Date arrives as its ISO string, as over a transport: then it is no longer a string of ≤ 5 characters.
    expect((await problemOf(facade.echo({ text: new Date() } as unknown as NoteRequest, call()))).getStatus()).toBe(400);
    expect(notes.calls).toEqual([]);
    expect(await facade.echo({ text: 'hi' }, call())).toEqual({ received: { text: 'hi' }, isRequest: true });
  });

  it('answers in JSON form only: dates as ISO strings, no undefined fields, nothing as undefined', async () => {
    const { facade } = setUp();
    const answer = await facade.dated({ text: 'x' }, call());
    expect(answer).toStrictEqual({ at: AT.toISOString(), nested: { kept: 1 } });
    expect(await facade.nothing({ text: 'x' }, call())).toBeUndefined();
    expect(await lastValueFrom(facade.items({ text: 'x' }, call()).pipe(toArray()))).toStrictEqual([{ at: AT.toISOString() }, { at: AT.toISOString() }]);
  });

  it('refuses a call whose deadline has passed without running it', async () => {
    const { facade, notes } = setUp();
    const late = await problemOf(facade.slow({ text: 'x' }, call({ deadline: Date.now() - 1 })));
    expect([late.getStatus(), late.code, late.retryAfterSeconds]).toEqual([504, 'context.deadline_exceeded', 1]);
    expect(notes.calls).toEqual([]);
  });

  it('gives up at the deadline and stops the work', async () => {
    const { facade, notes } = setUp();
    const late = await problemOf(facade.slow({ text: 'x' }, call({ deadline: Date.now() + 50 })));
    expect([late.getStatus(), late.code, late.retryAfterSeconds]).toEqual([504, 'context.deadline_exceeded', 1]);
    expect(notes.signals.map((signal) => signal.aborted)).toEqual([true]);
  });

  it('fails at once with the reason when the caller leaves, and stops the work', async () => {
    const { facade, notes } = setUp();
    const leaving = new AbortController();
    const pending = facade.slow({ text: 'x' }, call({ signal: leaving.signal }));
    await eventually(() => expect(notes.calls).toEqual(['slow']));
    leaving.abort(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');
    expect(notes.signals.map((signal) => signal.aborted)).toEqual([true]);
  });

  it("raises a context's problem as a remote caller gets it: same problem, handled, without edge headers", async () => {
    const { facade, errors } = setUp();
    const problem = await problemOf(facade.refuse({ text: 'x' }, call()));
    expect(problem.toInit()).toMatchObject({ status: 409, type: 'https://ficus.dev/problems/conflict', code: 'notes.conflict', detail: 'Changed meanwhile.' });
    expect([problem.relayed, problem.headers, errors]).toEqual([true, undefined, []]);
  });

  it('turns an unexpected error into a generic 500, logged once here', async () => {
    const { facade, errors } = setUp();
    const problem = await problemOf(facade.crash({ text: 'x' }, call()));
    expect([problem.getStatus(), problem.detail, problem.relayed]).toEqual([500, 'An unexpected error occurred.', true]);
    expect(errors).toHaveLength(1);
  });
});
