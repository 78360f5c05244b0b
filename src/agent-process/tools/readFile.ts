// read_file {path, offset?, limit?}: numbered lines (`     12\tcode`), at most
// MAX_LINES lines and MAX_BYTES bytes a read, with a notice saying how to read on.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ToolInputs } from '../../shared/tools.js';
import { resolveInWorkspace } from './pathSafety.js';
import { binaryRefusal, isBinaryFile } from '../../files/textFiles.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export const READ_MAX_LINES = 2000;
export const READ_MAX_BYTES = 256 * 1024;
export const READ_MAX_LINE_CHARS = 2000;

export async function readFileTool(input: ToolInputs['read_file'], ctx: Pick<ToolContext, 'workspace'>): Promise<ToolOutcome> {
  const { absolute, relative } = await resolveInWorkspace(ctx.workspace, input.path);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new ToolError(`File not found: "${relative}". Use list_dir or grep to find the right path.`);
  }
  if (info.isDirectory()) throw new ToolError(`"${relative}" is a directory. Use list_dir to see its entries.`);
  if (!info.isFile()) throw new ToolError(`"${relative}" is not a regular file.`);
  if (info.size === 0) return { ok: true, content: `(${relative} is empty)` };
  if (await isBinaryFile(absolute)) throw new ToolError(binaryRefusal(relative));

  const offset = Math.max(1, Math.floor(input.offset ?? 1));
  const limit = Math.min(READ_MAX_LINES, Math.max(1, Math.floor(input.limit ?? READ_MAX_LINES)));

  const shown: string[] = [];
  let bytes = 0;
  let lineNo = 0;
  let lastShown = offset - 1;
  let stoppedForBytes = false;
  const lines = createInterface({ input: createReadStream(absolute, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const rawLine of lines) {
    lineNo++;
    if (lineNo < offset || stoppedForBytes || shown.length >= limit) continue; // keep counting lines
    const line = rawLine.length > READ_MAX_LINE_CHARS
      ? `${rawLine.slice(0, READ_MAX_LINE_CHARS)}… [line cut at ${READ_MAX_LINE_CHARS} characters]`
      : rawLine;
    const numbered = `${String(lineNo).padStart(6)}\t${line}`;
    if (bytes + numbered.length + 1 > READ_MAX_BYTES && shown.length > 0) {
      stoppedForBytes = true;
      continue;
    }
    shown.push(numbered);
    bytes += Buffer.byteLength(numbered) + 1;
    lastShown = lineNo;
  }
  const total = lineNo;
  if (offset > total) {
    throw new ToolError(`"${relative}" has ${total} lines, so offset ${offset} is past its end.`);
  }
  let content = shown.join('\n');
  if (lastShown < total) {
    const why = stoppedForBytes ? `the ${READ_MAX_BYTES / 1024} KB limit of one read` : `the limit of ${limit} lines`;
    content += `\n\n[Showing lines ${offset}-${lastShown} of ${total} (stopped at ${why}). Read more with offset=${lastShown + 1}.]`;
  }
  return { ok: true, content };
}
