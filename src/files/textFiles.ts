// Telling text from binary, shared by read_file, edit_file, grep and search.

import { open } from 'node:fs/promises';

const SNIFF_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes look binary: a NUL byte, or invalid UTF-8. */
export function looksBinary(bytes: Uint8Array, complete: boolean): boolean {
  if (bytes.includes(0)) return true;
  let sample = bytes;
  if (!complete) {
    // Do not blame a multi-byte character cut at the end of the sample.
    let end = sample.length;
    let back = 0;
    while (end > 0 && back < 3 && (sample[end - 1]! & 0xc0) === 0x80) {
      end--;
      back++;
    }
    if (end > 0 && sample[end - 1]! >= 0xc0) end--;
    sample = sample.subarray(0, end);
  }
  try {
    utf8.decode(sample);
    return false;
  } catch {
    return true;
  }
}

/**
 * The text of a whole file's bytes, or null when they are not text: a NUL in
 * the first 8000 bytes (git's rule for diffs) or invalid UTF-8 (an edit could
 * not round-trip the bytes). For the review's diffs and carrying changes.
 */
export function textOrNull(content: Uint8Array): string | null {
  if (content.subarray(0, 8000).includes(0)) return null;
  try {
    return utf8.decode(content);
  } catch {
    return null;
  }
}

/** Reads the first bytes of a file and sniffs them. */
export async function isBinaryFile(absolute: string): Promise<boolean> {
  const handle = await open(absolute, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const size = (await handle.stat()).size;
    return looksBinary(buffer.subarray(0, bytesRead), bytesRead >= size);
  } finally {
    await handle.close();
  }
}

export function binaryRefusal(relative: string): string {
  return `"${relative}" looks like a binary file (it has NUL bytes or is not valid UTF-8), so it cannot be shown as text.`;
}
