// read_file {path, offset?, limit?}: numbered lines (`     12\tcode`), at most
// MAX_LINES lines and MAX_BYTES bytes a read, with a notice saying how to read on.
// The file is opened once (safeFiles.openForRead: no symlink swap, no FIFO)
// and streamed through that descriptor in chunks; a line is kept only up to
// READ_MAX_LINE_CHARS, so a 1 GB file with a single line costs a bounded
// amount of memory, never a crash.

import { StringDecoder } from 'node:string_decoder';
import type { ToolInputs } from '../../shared/tools.js';
import { resolveInWorkspace } from './pathSafety.js';
import { openForRead } from './safeFiles.js';
import { binaryRefusal, looksBinary } from '../../files/textFiles.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export const READ_MAX_LINES = 2000;
export const READ_MAX_BYTES = 256 * 1024;
export const READ_MAX_LINE_CHARS = 2000;
/** How far one read goes through a file to count its lines; past that the total is "at least". */
export const READ_SCAN_MAX_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const SNIFF_BYTES = 8192;

export async function readFileTool(input: ToolInputs['read_file'], ctx: Pick<ToolContext, 'workspace'>): Promise<ToolOutcome> {
  const { absolute, relative } = await resolveInWorkspace(ctx.workspace, input.path);
  const { handle, info } = await openForRead(ctx.workspace, absolute, relative);
  try {
    if (info.size === 0) return { ok: true, content: `(${relative} is empty)` };
    // The input schema (shared/tools.ts) already made both whole numbers of at least 1.
    const offset = input.offset ?? 1;
    const limit = Math.min(READ_MAX_LINES, input.limit ?? READ_MAX_LINES);

    const shown: string[] = [];
    let bytes = 0;
    let lineNo = 0;
    let lastShown = offset - 1;
    let stoppedForBytes = false;
    let line = '';
    let lineCut = false;
    const takeLine = () => {
      lineNo++;
      const text = lineCut ? `${line}… [line cut at ${READ_MAX_LINE_CHARS} characters]` : line;
      line = '';
      lineCut = false;
      if (lineNo < offset || stoppedForBytes || shown.length >= limit) return; // keep counting lines
      const numbered = `${String(lineNo).padStart(6)}\t${text.replace(/\r$/, '')}`;
      if (bytes + numbered.length + 1 > READ_MAX_BYTES && shown.length > 0) {
        stoppedForBytes = true;
        return;
      }
      shown.push(numbered);
      bytes += Buffer.byteLength(numbered) + 1;
      lastShown = lineNo;
    };
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let scanned = 0;
    let sniffed = false;
    let complete = true;
    for (;;) {
      if (scanned >= READ_SCAN_MAX_BYTES) {
        complete = false;
        break;
      }
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (!sniffed) {
        sniffed = true;
        const sample = chunk.subarray(0, SNIFF_BYTES);
        if (looksBinary(sample, bytesRead < SNIFF_BYTES && info.size <= bytesRead)) throw new ToolError(binaryRefusal(relative));
      }
      scanned += bytesRead;
      const text = decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); ; nl = text.indexOf('\n', start)) {
        const piece = text.slice(start, nl === -1 ? undefined : nl);
        if (!lineCut) {
          const room = READ_MAX_LINE_CHARS - line.length;
          if (piece.length > room) {
            line += piece.slice(0, room);
            lineCut = true;
          } else line += piece;
        }
        if (nl === -1) break;
        takeLine();
        start = nl + 1;
      }
      // Once the page is full and the count is all that is left, lines need not be kept.
    }
    if (complete) {
      line += decoder.end();
      if (line !== '' || lineCut) takeLine();
    } else if (line !== '' || lineCut) takeLine();
    const total = lineNo;
    const totalText = complete ? `${total}` : `at least ${total}`;
    if (offset > total) {
      if (!complete) throw new ToolError(`"${relative}" is larger than ${READ_SCAN_MAX_BYTES / (1024 * 1024)} MB and offset ${offset} is past the first ${total} lines, which is as far as one read goes. Use grep to find the part you need.`);
      throw new ToolError(`"${relative}" has ${total} lines, so offset ${offset} is past its end.`);
    }
    let content = shown.join('\n');
    if (lastShown < total || !complete) {
      const why = stoppedForBytes ? `the ${READ_MAX_BYTES / 1024} KB limit of one read` : `the limit of ${limit} lines`;
      const more = lastShown < total ? ` Read more with offset=${lastShown + 1}.` : '';
      const sizeNote = complete ? '' : ` The file is ${(info.size / (1024 * 1024)).toFixed(0)} MB; lines were counted only through its first ${READ_SCAN_MAX_BYTES / (1024 * 1024)} MB.`;
      content += `\n\n[Showing lines ${offset}-${lastShown} of ${totalText} (stopped at ${lastShown < total ? why : 'the end of what one read scans'}).${more}${sizeNote}]`;
    }
    return { ok: true, content };
  } finally {
    await handle.close();
  }
}
