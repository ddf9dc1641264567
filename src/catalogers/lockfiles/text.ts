// Decoding of lockfile and requirements bytes: UTF-8 (BOM dropped) and, as pip's `auto_decode`, UTF-16
// and UTF-32 files that start with their byte-order mark. Invalid sequences become U+FFFD.

/**
 * Text of a lockfile or requirements file.
 * @example decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) // "a"
 */
export function decodeText(bytes: Uint8Array): string {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
    return utf32(b.subarray(4), true);
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
    return utf32(b.subarray(4), false);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff)
    return new TextDecoder("utf-16be").decode(b.subarray(2));
  return new TextDecoder("utf-8").decode(b);
}

function utf32(b: Uint8Array, little: boolean): string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: string[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) {
    const cp = view.getUint32(i, little);
    parts.push(cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "\ufffd");
  }
  return parts.join("");
}
