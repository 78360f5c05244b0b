// One line that says what a tool call does, for the stream's block headers.

export function toolSummary(tool: string, input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (tool) {
    case 'read_file':
      return `Read ${s(i.path)}${i.offset ? ` from line ${String(i.offset)}` : ''}`;
    case 'write_file':
      return `Write ${s(i.path)}`;
    case 'edit_file':
      return `Edit ${s(i.path)}`;
    case 'list_dir':
      return `List ${s(i.path) || '.'}`;
    case 'grep':
      return `Search /${s(i.pattern)}/${i.path ? ` in ${s(i.path)}` : ''}`;
    case 'codebase_search':
      return `Search the codebase for "${s(i.query)}"`;
    case 'run_command':
      return `$ ${s(i.command)}`;
    case 'ask_user':
      return `Ask: ${s(i.question)}`;
    default:
      return tool;
  }
}
