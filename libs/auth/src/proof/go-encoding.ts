/**
 * Hex and base64 decoders with the acceptance rules and error texts of Go's encoding/hex and
 * encoding/base64 (StdEncoding), which the official registry reports verbatim to publishers.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

const isHex = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);

function invalidByte(byte: number): DecodeError {
  const code = `U+${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  const printable = (byte >= 0x20 && byte < 0x7f) || byte >= 0xa1;
  return new DecodeError(
    `encoding/hex: invalid byte: ${printable ? `${code} '${String.fromCharCode(byte)}'` : code}`,
  );
}

export function decodeHex(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  let j = 1;
  for (; j < bytes.length; j += 2) {
    if (!isHex(bytes[j - 1]!)) throw invalidByte(bytes[j - 1]!);
    if (!isHex(bytes[j]!)) throw invalidByte(bytes[j]!);
  }
  if (bytes.length % 2 === 1) {
    if (!isHex(bytes[j - 1]!)) throw invalidByte(bytes[j - 1]!);
    throw new DecodeError('encoding/hex: odd length hex string');
  }
  return Buffer.from(bytes.toString('latin1'), 'hex');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const corrupt = (offset: number): DecodeError =>
  new DecodeError(`illegal base64 data at input byte ${offset}`);
const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** Padded standard base64; newlines are skipped, anything else out of place is reported by offset. */
export function decodeStdBase64(src: string): Buffer {
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const quantum = [0, 0, 0, 0];
    let length = 4;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt(si - j);
      }
      const c = src[si]!;
      si++;
      const value = ALPHABET.indexOf(c);
      if (value >= 0) {
        quantum[j] = value;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=' || j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (isNewline(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== '=') throw corrupt(si - 1);
        si++;
      }
      while (isNewline(src[si])) si++;
      if (si < src.length) throw corrupt(si);
      length = j;
      break;
    }
    const bits = (quantum[0]! << 18) | (quantum[1]! << 12) | (quantum[2]! << 6) | quantum[3]!;
    const bytes = [(bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff];
    out.push(...bytes.slice(0, length - 1));
    if (length < 4) return Buffer.from(out);
  }
}
