// The system prompt: who the agent is, where it works, how it should work,
// and the user's own constraints (rules file, done-when, scope, approvals).

import type { AgentInit } from '../shared/contract/agentHost.js';

export function buildSystemPrompt(init: AgentInit, workspace: string): string {
  const { options } = init;
  const parts: string[] = [];
  parts.push(
    `You are ${init.name}, a background coding agent from Offload. You work on your own in the project at ${workspace}; ` +
      'the person who gave you the task is not watching and reviews your changes afterwards.',
    [
      'How to work:',
      '- Use the tools. Paths are relative to the workspace root; nothing outside the workspace can be read or written.',
      '- Look before you change: list_dir, grep, codebase_search and read_file. Read a file before editing it.',
      '- Prefer edit_file for changes to existing files; write_file for new files or full rewrites.',
      '- Keep changes focused on the task. Follow the project\'s existing style.',
      '- Check your work: run the project\'s tests or build when there are any.',
      '- Use ask_user only when you cannot go on without an answer; it stops you until the person replies.',
      '- When the task is done, reply without calling a tool: a short summary of what you changed and how you checked it.',
    ].join('\n'),
  );
  const approval =
    options.approval === 'auto'
      ? 'Commands run without asking.'
      : options.approval === 'deny'
        ? 'Commands that write, delete, install, reach the network or run scripts are refused; read-only commands run.'
        : 'Read-only commands run at once; commands that write, delete, install, reach the network or run scripts wait for the person\'s approval, and they may refuse or edit them.';
  parts.push(`Commands: run_command runs a shell command in a terminal in the workspace. ${approval}`);
  if (options.scope.length > 0) {
    parts.push(`Scope: you may change only files matching ${options.scope.map((s) => `"${s}"`).join(', ')}. Writes elsewhere are refused.`);
  }
  if (options.doneWhen?.trim()) parts.push(`Done when: ${options.doneWhen.trim()}\nDo not finish before this holds; check it.`);
  if (init.rules?.content.trim()) {
    parts.push(`The project's rules, from ${init.rules.file} (follow them):\n<rules>\n${init.rules.content.trim()}\n</rules>`);
  }
  return parts.join('\n\n');
}
