// edit_file {path, old_string, new_string, replace_all?}: an exact-text
// replacement. old_string must match exactly once unless replace_all.

import { openForRead, readUpTo } from './safeFiles.js';
import type { ToolInputs } from '../../shared/tools.js';
import { binaryRefusal, looksBinary } from '../../files/textFiles.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';
import { resolveForWrite, writeThroughHost } from './writeFile.js';

/** edit_file holds the whole file in memory (twice): bounded, so a huge file is refused, not a crash. */
export const EDIT_MAX_BYTES = 16 * 1024 * 1024;

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

export async function editFileTool(
  input: ToolInputs['edit_file'],
  ctx: Pick<ToolContext, 'workspace' | 'options' | 'host' | 'step' | 'searchIndex' | 'toolUseId'>,
): Promise<ToolOutcome> {
  const target = await resolveForWrite(ctx, input.path, 'edit_file');
  let opened;
  try {
    opened = await openForRead(ctx.workspace, target.absolute, target.relative);
  } catch (error) {
    if (error instanceof ToolError && error.message.startsWith('File not found')) {
      throw new ToolError(`File not found: "${target.relative}". To create a new file, use write_file.`);
    }
    throw error;
  }
  let bytes: Buffer;
  try {
    const read = await readUpTo(opened.handle, EDIT_MAX_BYTES);
    if (!read.complete) throw new ToolError(`"${target.relative}" is larger than ${EDIT_MAX_BYTES / (1024 * 1024)} MB, too large for edit_file. Use a command (with approval) instead.`);
    bytes = read.bytes;
  } finally {
    await opened.handle.close();
  }
  if (looksBinary(bytes, true)) throw new ToolError(binaryRefusal(target.relative));
  const original = bytes.toString('utf8');

  if (input.old_string === '') {
    throw new ToolError('old_string is empty. To write a whole file, use write_file; otherwise copy the exact text to replace.');
  }
  if (input.old_string === input.new_string) throw new ToolError('old_string and new_string are the same, so there is nothing to change.');

  let oldString = input.old_string;
  let newString = input.new_string;
  let count = countOccurrences(original, oldString);
  // Files with Windows line endings: the model usually sends "\n".
  if (count === 0 && original.includes('\r\n') && !oldString.includes('\r\n') && oldString.includes('\n')) {
    oldString = oldString.replace(/\n/g, '\r\n');
    newString = newString.replace(/\r?\n/g, '\r\n');
    count = countOccurrences(original, oldString);
  }
  if (count === 0) {
    throw new ToolError(
      `old_string was not found in "${target.relative}". It must match the file exactly, including whitespace and indentation; read the file again and copy the text.`,
    );
  }
  if (count > 1 && !input.replace_all) {
    throw new ToolError(
      `old_string matches ${count} places in "${target.relative}". Include more surrounding lines to make it unique, or set replace_all to true to replace every one.`,
    );
  }
  // split/join: no `$&`-style replacement patterns, every occurrence when replace_all.
  const updated = input.replace_all
    ? original.split(oldString).join(newString)
    : original.replace(oldString, () => newString);
  await writeThroughHost(ctx, target, updated);
  return {
    ok: true,
    content: `Edited ${target.relative}: replaced ${count === 1 ? '1 occurrence' : `${count} occurrences`}.`,
    changedPaths: [target.relative],
  };
}
