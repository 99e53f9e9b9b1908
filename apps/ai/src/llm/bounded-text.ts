/**
 * Reads a body as UTF-8 text, giving up as soon as it grows past `maxChars` (leaving the loop
 * cancels the body): a runaway upstream must not fill memory for as long as the attempt's
 * timeout. Resolves to null when the body was too long.
 */
export async function readBoundedText(body: AsyncIterable<Uint8Array>, maxChars: number): Promise<string | null> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const bytes of body) {
    text += decoder.decode(bytes, { stream: true });
    if (text.length > maxChars) return null;
  }
  text += decoder.decode();
  return text.length > maxChars ? null : text;
}
