import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { JsonSocket } from '@nestjs/microservices';
import { FrameGate, FrameRefused } from './frame-gate.js';
import type { InboundLimits } from './inbound-limits.js';
import type { InboundRejections } from './inbound-rejections.js';

/**
 * Nest's JSON socket (the TCP transport's framing) with the bounds a context app needs before it
 * can check who is talking: a {@link FrameGate} sees each piece of text first, a frame (and a new
 * connection's first frame) must arrive whole within `frameTimeoutMs` — however steadily it
 * trickles — and a peer that breaks a rule is cut at once (destroyed, not ended: nothing more of
 * it is read), counted, and logged at most once per 10 s. Between frames a connection may idle.
 */
export class BoundedJsonSocket extends JsonSocket {
  private readonly decoder = new StringDecoder('utf8');
  private readonly gate: FrameGate;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    socket: Socket,
    private readonly limits: InboundLimits,
    private readonly rejections: InboundRejections,
  ) {
    // The gate enforces the size first; the socket's own refreshed-per-read timeout is replaced by the deadline.
    super(socket, { maxBufferSize: limits.maxMessageBytes + String(limits.maxMessageBytes).length + 1, incompleteMessageTimeout: 0 });
    this.gate = new FrameGate(limits.maxMessageBytes);
    this.armDeadline();
    socket.on('close', () => clearTimeout(this.deadline));
  }

  protected override handleData(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    const completed = this.gate.completed;
    this.gate.pass(text);
    if (!this.gate.inFrame) {
      clearTimeout(this.deadline);
      this.deadline = undefined;
    } else if (this.gate.completed !== completed || !this.deadline) {
      this.armDeadline();
    }
    // Text, not bytes: the socket skips its own decoding.
    super.handleData(text);
  }

  /** Every framing failure (the gate's, unparseable JSON, an overfull send buffer) cuts the peer off. */
  protected override handleDataError(error: unknown): void {
    this.refuse(error instanceof FrameRefused ? error.reason : 'bad_frame');
  }

  private armDeadline(): void {
    clearTimeout(this.deadline);
    const completed = this.gate.completed;
    this.deadline = setTimeout(() => {
      // After the event loop stalled (a long handler), this timer runs before the bytes that
      // arrived meanwhile are read: read them first (setImmediate comes after the next poll),
      // and cut the peer only if its frame is still where it was.
      setImmediate(() => {
        if (this.gate.completed === completed) this.refuse('frame_timeout');
      });
    }, this.limits.frameTimeoutMs);
    this.deadline.unref();
  }

  private refuse(reason: FrameRefused['reason']): void {
    if (this.socket.destroyed) return;
    this.rejections.count('tcp', reason);
    this.socket.destroy();
  }
}
