/**
 * Reads a body as UTF-8 text, giving up (and cancelling the body) as soon as it grows past
 * `maxChars`: a runaway upstream must not fill memory for as long as the attempt's timeout.
 * Resolves to null when the body was too long.
 */
export async function readBoundedText(body: ReadableStream<Uint8Array>, maxChars: number): Promise<string | null> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
      if (text.length > maxChars) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
    }
    text += decoder.decode();
    return text.length > maxChars ? null : text;
  } finally {
    reader.releaseLock();
  }
}
