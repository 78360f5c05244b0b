// The agent's tools: names and inputs are a public contract (users' rules and
// tests name them), so they are defined once here and used by the agent, the
// fake model server's scenarios and the UI's stream.

import { z } from 'zod';

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

/** A non-empty string (an empty path, pattern or command is a mistake the model should hear about). */
const required = (description: string) => z.string().min(1, 'must not be empty').describe(description);
const text = (description: string) => z.string().describe(description);
const count = (description: string) => z.number().int().min(1).describe(description);

/**
 * One zod schema per tool's input: the agent validates the model's input with
 * it, ToolInputs is inferred from it and the model gets its JSON Schema
 * (TOOL_DEFINITIONS below), so the three cannot disagree.
 */
export const TOOL_INPUT_SCHEMAS = {
  read_file: z.object({
    path: required('Path relative to the workspace root'),
    offset: count('First line, 1-based').optional(),
    limit: count('Number of lines').optional(),
  }),
  write_file: z.object({ path: required('Path relative to the workspace root'), content: text('The whole new content') }),
  edit_file: z.object({
    path: required('Path relative to the workspace root'),
    old_string: text('Exact text to replace'),
    new_string: text('Replacement text'),
    replace_all: z.boolean().describe('Replace every occurrence').optional(),
  }),
  list_dir: z.object({ path: text('Directory relative to the workspace root').optional() }),
  grep: z.object({
    pattern: required('Regular expression'),
    path: text('Directory or file to search').optional(),
    glob: text('Only files matching this glob').optional(),
  }),
  codebase_search: z.object({ query: required('What to look for') }),
  run_command: z.object({ command: required('The shell command'), timeout_ms: count('Time limit in milliseconds').optional() }),
  ask_user: z.object({ question: required('The question') }),
} as const satisfies { [K in ToolName]: z.ZodObject };

export type ToolInputs = { [K in ToolName]: z.infer<(typeof TOOL_INPUT_SCHEMAS)[K]> };

/** Tools that change files (they take a write lease and a baseline first). */
export const WRITE_TOOLS: readonly ToolName[] = ['write_file', 'edit_file'];

/** Anthropic's server-side web search tool (on by default, off in settings). */
export const WEB_SEARCH_TOOL = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 } as const;

export interface ToolDefinition {
  name: ToolName;
  description: string;
  input_schema: { type: 'object'; properties?: Record<string, unknown>; required?: string[] };
}

const TOOL_DESCRIPTIONS: { [K in ToolName]: string } = {
  read_file: 'Read a text file in the workspace. Returns numbered lines. Use offset (1-based line) and limit for large files.',
  write_file: 'Create or overwrite a file in the workspace with the given content.',
  edit_file: 'Replace old_string with new_string in a file. old_string must match exactly once unless replace_all is true.',
  list_dir: 'List the entries of a directory in the workspace (default: the root).',
  grep: 'Search file contents with a regular expression. Respects .gitignore.',
  codebase_search: 'Ranked search over the workspace text for a natural-language or keyword query.',
  run_command:
    "Run a shell command in the workspace. Commands that write, delete, install or reach the network may need the user's approval.",
  ask_user: 'Ask the user a question and wait for the answer. Use only when you cannot proceed without it.',
};

/**
 * The JSON Schema the model gets for a tool's input, derived from its zod
 * schema. Left out, since they tell the model nothing and cost tokens on
 * every request: `$schema`, and the ±2^53 bounds zod puts on every integer.
 */
export function toolInputJsonSchema(name: ToolName): ToolDefinition['input_schema'] {
  const schema = z.toJSONSchema(TOOL_INPUT_SCHEMAS[name], {
    io: 'input',
    override: ({ jsonSchema }) => {
      if (jsonSchema.type !== 'integer') return;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  });
  delete schema.$schema;
  return schema as ToolDefinition['input_schema'];
}

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = TOOL_NAMES.map((name) => ({
  name,
  description: TOOL_DESCRIPTIONS[name],
  input_schema: toolInputJsonSchema(name),
}));
