/**
 * Bytes → text. Accepts UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM; everything else
 * is refused with a reason naming the file. Line ends (LF, CRLF, CR) are left for splitLines.
 */
import { AdmError } from '../cli/errors.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** Thrown for content that is not text at all (skipped with a warning rather than stopping). */
export class NotTextError extends AdmError {
  constructor(message: string, file: string) {
    super(message, { file });
    this.name = 'NotTextError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

export function decode(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8(bytes.subarray(3), file, 3), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeUtf16(bytes.subarray(2), file, 'le'), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeUtf16(bytes.subarray(2), file, 'be'), encoding: 'utf-16be' };
  }
  sniffBinary(bytes, file);
  return { text: decodeUtf8(bytes, file, 0), encoding: 'utf-8' };
}

/** Refuses NUL-bearing content: binary files, and UTF-16 saved without a byte-order mark. */
function sniffBinary(bytes: Uint8Array, file: string): void {
  const n = Math.min(bytes.length, 8192);
  let nul = 0;
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      nul++;
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    }
  }
  if (nul === 0) return;
  if (nul === n) throw new NotTextError('not a text file (only NUL bytes)', file);
  // Text in UTF-16 without a BOM: nearly every other byte is NUL, all on one side.
  const half = n / 2;
  if ((nulOdd > half * 0.6 && nulEven < nulOdd * 0.05) || (nulEven > half * 0.6 && nulOdd < nulEven * 0.05)) {
    const order = nulOdd > nulEven ? 'LE' : 'BE';
    throw new AdmError(
      `looks like UTF-16 ${order} without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM)`,
      { file },
    );
  }
  throw new NotTextError('not a text file (contains NUL bytes)', file);
}

function decodeUtf8(bytes: Uint8Array, file: string, base: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new AdmError(
      `invalid UTF-8 at byte offset ${base + at}; save the file as UTF-8 (it may be Windows-1252 or Latin-1)`,
      { file },
    );
  }
}

function decodeUtf16(bytes: Uint8Array, file: string, order: 'le' | 'be'): string {
  if (bytes.length % 2 !== 0) {
    throw new AdmError('UTF-16 file has an odd number of bytes (truncated?)', { file });
  }
  let le = bytes;
  if (order === 'be') {
    le = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) {
      le[i] = bytes[i + 1]!;
      le[i + 1] = bytes[i]!;
    }
  }
  try {
    return utf16le.decode(le);
  } catch {
    throw new AdmError(`invalid UTF-16 ${order.toUpperCase()} (unpaired surrogate)`, { file });
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= b.length) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** Splits on LF, CRLF or CR. */
export function splitLines(text: string): string[] {
  // Splitting on a string is much faster than on a regex; without CR the two are the same.
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  // A final line break does not start another line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
