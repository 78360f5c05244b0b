// The agent's tools: names and inputs are a public contract (users' rules and
// tests name them), so they are defined once here and used by the agent, the
// fake model server's scenarios and the UI's stream.

export const TOOL_NAMES = [
  'read_file',
  'write_file',
  'edit_file',
  'list_dir',
  'grep',
  'codebase_search',
  'run_command',
  'ask_user',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export interface ToolInputs {
  read_file: { path: string; offset?: number; limit?: number };
  write_file: { path: string; content: string };
  edit_file: { path: string; old_string: string; new_string: string; replace_all?: boolean };
  list_dir: { path?: string };
  grep: { pattern: string; path?: string; glob?: string };
  codebase_search: { query: string };
  run_command: { command: string; timeout_ms?: number };
  ask_user: { question: string };
}

/** Tools that change files (they take a write lease and a baseline first). */
export const WRITE_TOOLS: readonly ToolName[] = ['write_file', 'edit_file'];

/** Anthropic's server-side web search tool (on by default, off in settings). */
export const WEB_SEARCH_TOOL = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 } as const;

export interface ToolDefinition {
  name: ToolName;
  description: string;
  input_schema: { type: 'object'; properties: Record<string, unknown>; required: string[] };
}

const str = (description: string) => ({ type: 'string', description });
const int = (description: string) => ({ type: 'integer', description });

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: 'read_file',
    description:
      'Read a text file in the workspace. Returns numbered lines. Use offset (1-based line) and limit for large files.',
    input_schema: {
      type: 'object',
      properties: { path: str('Path relative to the workspace root'), offset: int('First line, 1-based'), limit: int('Number of lines') },
      required: ['path'],
    },
  },
  {
    name: 'write_file',
    description: 'Create or overwrite a file in the workspace with the given content.',
    input_schema: {
      type: 'object',
      properties: { path: str('Path relative to the workspace root'), content: str('The whole new content') },
      required: ['path', 'content'],
    },
  },
  {
    name: 'edit_file',
    description:
      'Replace old_string with new_string in a file. old_string must match exactly once unless replace_all is true.',
    input_schema: {
      type: 'object',
      properties: {
        path: str('Path relative to the workspace root'),
        old_string: str('Exact text to replace'),
        new_string: str('Replacement text'),
        replace_all: { type: 'boolean', description: 'Replace every occurrence' },
      },
      required: ['path', 'old_string', 'new_string'],
    },
  },
  {
    name: 'list_dir',
    description: 'List the entries of a directory in the workspace (default: the root).',
    input_schema: { type: 'object', properties: { path: str('Directory relative to the workspace root') }, required: [] },
  },
  {
    name: 'grep',
    description: 'Search file contents with a regular expression. Respects .gitignore.',
    input_schema: {
      type: 'object',
      properties: { pattern: str('Regular expression'), path: str('Directory or file to search'), glob: str('Only files matching this glob') },
      required: ['pattern'],
    },
  },
  {
    name: 'codebase_search',
    description: 'Ranked search over the workspace text for a natural-language or keyword query.',
    input_schema: { type: 'object', properties: { query: str('What to look for') }, required: ['query'] },
  },
  {
    name: 'run_command',
    description:
      'Run a shell command in the workspace. Commands that write, delete, install or reach the network may need the user\'s approval.',
    input_schema: {
      type: 'object',
      properties: { command: str('The shell command'), timeout_ms: int('Time limit in milliseconds') },
      required: ['command'],
    },
  },
  {
    name: 'ask_user',
    description: 'Ask the user a question and wait for the answer. Use only when you cannot proceed without it.',
    input_schema: { type: 'object', properties: { question: str('The question') }, required: ['question'] },
  },
];
