// Runtime checks for the editor half of the contract (editorService.ts): one
// params schema (a tuple of the method's arguments) per method, spread into
// offloadParamsSchemas.

import { z } from 'zod';
import type { EditorService } from './editorService.js';

export const EDITOR_LIMITS = {
  idChars: 128,
  pathChars: 4096,
  /** One save: the editor opens files up to 5 MB editable; UTF-16 text may be longer in characters than bytes. */
  fileChars: 12 * 1024 * 1024,
  queryChars: 2000,
  globChars: 500,
  maxSearchResults: 20_000,
  /** One writeTerminal: a large paste, not a file upload. */
  terminalDataChars: 1_000_000,
  /** Columns and rows of a terminal. */
  terminalCells: 1000,
} as const;

/** JSON turns a trailing `undefined` into `null`, so both mean "absent". */
function optionalArg<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => (value ?? undefined) as z.output<T> | undefined);
}

const noNul = (value: string) => !value.includes('\0');
const workspacePath = z.string().max(EDITOR_LIMITS.pathChars).refine(noNul, 'A path may not contain NUL characters.');
const filePath = workspacePath.min(1, 'A path is required.');

const terminalId = z
  .string()
  .min(1, 'A terminal id is required.')
  .max(EDITOR_LIMITS.idChars)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A terminal id holds only letters, digits, ".", "_" and "-".');
const terminalCells = z.number().int().min(1).max(EDITOR_LIMITS.terminalCells);

export const searchRequestSchema = z.strictObject({
  query: z.string().min(1, 'The search text is empty.').max(EDITOR_LIMITS.queryChars),
  regex: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  include: z.string().max(EDITOR_LIMITS.globChars).refine(noNul, 'A glob may not contain NUL characters.').optional(),
  maxResults: z.number().int().min(1).max(EDITOR_LIMITS.maxSearchResults).optional(),
});

export const editorParamsSchemas = {
  listDir: z.tuple([optionalArg(workspacePath)]),
  readFile: z.tuple([filePath]),
  writeFile: z.tuple([
    filePath,
    z.string().max(EDITOR_LIMITS.fileChars, 'The file is too large to save from the editor.'),
    optionalArg(
      z.strictObject({
        expectedVersion: z.string().max(200).optional(),
        overwrite: z.boolean().optional(),
        ignoreLease: z.boolean().optional(),
      }),
    ),
  ]),
  listFiles: z.tuple([]),
  searchFiles: z.tuple([searchRequestSchema]),
  getWatchStatus: z.tuple([]),
  listAgentFiles: z.tuple([]),
  openTerminal: z.tuple([optionalArg(z.strictObject({ cols: terminalCells.optional(), rows: terminalCells.optional() }))]),
  listTerminals: z.tuple([]),
  readTerminalBuffer: z.tuple([terminalId]),
  writeTerminal: z.tuple([terminalId, z.string().max(EDITOR_LIMITS.terminalDataChars)]),
  resizeTerminal: z.tuple([terminalId, terminalCells, terminalCells]),
  closeTerminal: z.tuple([terminalId]),
} satisfies { [K in keyof EditorService]: z.ZodType<Parameters<EditorService[K]>, unknown> };
