import { Writable } from 'node:stream';

/** A pino destination that keeps every JSON log line in memory for assertions. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    callback();
  }

  /** Every line that carries this request id, from any logger. */
  forRequest(requestId: string): Record<string, unknown>[] {
    return this.lines.filter((line) => JSON.stringify(line).includes(requestId));
  }

  get text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n');
  }
}
