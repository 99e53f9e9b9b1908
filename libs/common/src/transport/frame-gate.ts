import type { InboundRejection } from './inbound-rejections.js';

/** Bytes a {@link FrameGate} refused, and why. */
export class FrameRefused extends Error {
  constructor(
    readonly reason: InboundRejection,
    message: string,
  ) {
    super(message);
    this.name = 'FrameRefused';
  }
}

/**
 * Follows the frames of Nest's TCP wire format (`<length>#<json>`, the length in UTF-16 code
 * units) as text arrives, ahead of the socket that buffers it. The socket alone searches its
 * whole buffer for the `#` on every read, and buffers up to 128M characters, so a stranger's
 * bytes without one cost quadratic CPU and unbounded memory. Here a length prefix must be a short
 * run of digits (at most as many as the limit has) and a frame at most `maxFrameChars` long;
 * anything else is refused at the first character that breaks the rule, and no character is
 * looked at twice.
 */
export class FrameGate {
  private readonly maxDigits: number;
  private header = '';
  private remaining = 0;
  private completedFrames = 0;

  constructor(private readonly maxFrameChars: number) {
    this.maxDigits = String(maxFrameChars).length;
  }

  /** A frame has begun and not ended. */
  get inFrame(): boolean {
    return this.header.length > 0 || this.remaining > 0;
  }

  /** Frames that have arrived whole so far. */
  get completed(): number {
    return this.completedFrames;
  }

  /** Takes the next piece of the stream; throws {@link FrameRefused} where it stops being frames within the limit. */
  pass(text: string): void {
    let at = 0;
    while (at < text.length) {
      if (this.remaining > 0) {
        const taken = Math.min(this.remaining, text.length - at);
        this.remaining -= taken;
        at += taken;
        if (this.remaining === 0) this.completedFrames += 1;
        continue;
      }
      at = this.readHeader(text, at);
    }
  }

  /** Reads (part of) a length prefix from `at`; returns where the text goes on. */
  private readHeader(text: string, at: number): number {
    const window = text.slice(at, at + this.maxDigits + 1 - this.header.length);
    const hash = window.indexOf('#');
    const digits = hash === -1 ? window : window.slice(0, hash);
    if (!/^\d*$/.test(digits)) throw new FrameRefused('bad_frame', 'A frame must start with its length');
    this.header += digits;
    if (hash === -1) {
      if (this.header.length > this.maxDigits) throw new FrameRefused('too_large', 'A frame length has more digits than the limit');
      return at + window.length;
    }
    const length = Number(this.header);
    this.header = '';
    if (length === 0) throw new FrameRefused('bad_frame', 'A frame must have a length');
    if (length > this.maxFrameChars) throw new FrameRefused('too_large', `A frame of ${length} characters is over the limit of ${this.maxFrameChars}`);
    this.remaining = length;
    return at + hash + 1;
  }
}
