// Runs one tool call from the model. Whatever the model sends (an unknown
// tool, input that does not fit the schema), the answer is a tool result the
// model can read, never a crash.

import { z } from 'zod';
import { TOOL_INPUT_SCHEMAS, TOOL_NAMES, type ToolInputs, type ToolName } from '../../shared/tools.js';
import { askUserTool } from './askUser.js';
import { codebaseSearchTool } from './codebaseSearch.js';
import { editFileTool } from './editFile.js';
import { grepTool } from './grep.js';
import { listDirTool } from './listDir.js';
import { readFileTool } from './readFile.js';
import { runCommandTool } from './runCommand.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';
import { writeFileTool } from './writeFile.js';

export interface ToolRun extends ToolOutcome {
  /** For run_command: the command that ran (maybe edited by the user), and its exit code. */
  commandRan?: string | null;
  exitCode?: number | null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `"${issue.path.join('.')}"` : 'input'}: ${issue.message}`)
    .join('; ');
}

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

export async function runTool(name: string, rawInput: unknown, ctx: ToolContext): Promise<ToolRun> {
  if (!isToolName(name)) {
    return { ok: false, content: `There is no tool named "${name}". The tools are: ${TOOL_NAMES.join(', ')}.` };
  }
  const parsed = TOOL_INPUT_SCHEMAS[name].safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, content: `Invalid input for ${name}: ${describeIssues(parsed.error)}. Check the tool's schema and try again.` };
  }
  try {
    switch (name) {
      case 'read_file':
        return await readFileTool(parsed.data as ToolInputs['read_file'], ctx);
      case 'write_file':
        return await writeFileTool(parsed.data as ToolInputs['write_file'], ctx);
      case 'edit_file':
        return await editFileTool(parsed.data as ToolInputs['edit_file'], ctx);
      case 'list_dir':
        return await listDirTool(parsed.data as ToolInputs['list_dir'], ctx);
      case 'grep':
        return await grepTool(parsed.data as ToolInputs['grep'], ctx);
      case 'codebase_search':
        return await codebaseSearchTool(parsed.data as ToolInputs['codebase_search'], ctx);
      case 'run_command': {
        const outcome = await runCommandTool(parsed.data as ToolInputs['run_command'], ctx);
        return { ...outcome, commandRan: outcome.ran };
      }
      case 'ask_user':
        return await askUserTool(parsed.data as ToolInputs['ask_user'], ctx);
    }
  } catch (error) {
    if (error instanceof ToolError) return { ok: false, content: error.message };
    // The agent was cancelled, the host went away while the tool waited, or it answered outside the
    // contract (BAD_ANSWER): not the model's business; the run ends and says why.
    const code = (error as { code?: string }).code;
    if (code === 'DISCONNECTED' || code === 'BAD_ANSWER' || (error as Error).name === 'CancelledError') throw error;
    const err = error as NodeJS.ErrnoException;
    const detail = err.code ? `${err.code}: ${err.message}` : err.message ?? String(error);
    return { ok: false, content: `${name} failed: ${detail}` };
  }
}
