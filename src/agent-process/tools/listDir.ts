// list_dir {path?}: one level of a folder, folders first, with sizes.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolInputs } from '../../shared/tools.js';
import { resolveInWorkspace } from './pathSafety.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export const LIST_MAX_ENTRIES = 1000;

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function listDirTool(input: ToolInputs['list_dir'], ctx: Pick<ToolContext, 'workspace'>): Promise<ToolOutcome> {
  const { absolute, relative } = await resolveInWorkspace(ctx.workspace, input.path);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new ToolError(`Folder not found: "${relative}".`);
  }
  if (!info.isDirectory()) throw new ToolError(`"${relative}" is a file, not a folder. Use read_file to read it.`);
  const entries = await readdir(absolute, { withFileTypes: true });
  const rows: Array<{ name: string; dir: boolean; line: string }> = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      rows.push({ name: entry.name, dir: true, line: `${entry.name}/` });
    } else if (entry.isSymbolicLink()) {
      rows.push({ name: entry.name, dir: false, line: `${entry.name} (symbolic link)` });
    } else {
      let size = '';
      try {
        size = ` (${humanSize((await stat(path.join(absolute, entry.name))).size)})`;
      } catch {
        // vanished meanwhile
      }
      rows.push({ name: entry.name, dir: false, line: `${entry.name}${size}` });
    }
  }
  rows.sort((a, b) => (a.dir !== b.dir ? (a.dir ? -1 : 1) : a.name.localeCompare(b.name)));
  if (rows.length === 0) return { ok: true, content: `${relative}/ is empty.` };
  const shown = rows.slice(0, LIST_MAX_ENTRIES).map((r) => r.line);
  let content = `${relative}/ (${rows.length} entries)\n${shown.join('\n')}`;
  if (rows.length > LIST_MAX_ENTRIES) {
    content += `\n\n[Showing the first ${LIST_MAX_ENTRIES} of ${rows.length} entries. Use grep with a glob to find specific files.]`;
  }
  return { ok: true, content };
}
