// Search across the workspace's files: ONE service for the agents' grep tool
// and the person's search panel. ripgrep (`rg --json`) when it is on PATH,
// else a JS walk that honours .gitignore the same way. Both skip .git, binary
// files and files over 10 MB (the JS walk: 5 MB).
//
// ripgrep's JSON lines are documented in `rg --help` (--json) and in
// grep-printer's JSON docs: "begin"/"match"/"end"/"summary" messages; a match
// carries path.text (or path.bytes, base64, for a non-UTF-8 path), line_number,
// lines.text (or lines.bytes) and submatches with BYTE offsets into the line.

import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import picomatch from 'picomatch';
import { looksBinary } from './textFiles.js';
import { walkWorkspace } from './workspaceWalk.js';

export const SEARCH_MAX_LINE_CHARS = 300;
const SEARCH_TIMEOUT_MS = 30_000;
const FALLBACK_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface TextSearchQuery {
  /** Absolute real path of the workspace. */
  workspace: string;
  pattern: string;
  /** Pattern is a regular expression (default); false: a literal string. */
  regex?: boolean;
  /** Default true (like grep and rg). */
  caseSensitive?: boolean;
  /** Workspace-relative file or folder ('.' for the root). */
  target?: string;
  /** Only files matching this glob (without "/": the file name at any depth). */
  glob?: string;
  /** Stop after this many matching lines. */
  max: number;
}

export interface TextMatch {
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based column (characters) of the first match on the line. */
  column: number;
  /** Length in characters of that match. */
  length: number;
  text: string;
}

export interface TextSearchResult {
  matches: TextMatch[];
  /** More matches existed than were kept (or the search timed out). */
  truncated: boolean;
  engine: 'ripgrep' | 'js';
}

/** A search the caller can show as such (a bad regex, ripgrep failing). */
export class TextSearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextSearchError';
  }
}

let ripgrepPath: Promise<string | null> | null = null;

/** Finds `rg` on PATH once per process. */
export function findRipgrep(): Promise<string | null> {
  ripgrepPath ??= (async () => {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
    for (const dir of dirs) {
      const candidate = path.join(dir, process.platform === 'win32' ? 'rg.exe' : 'rg');
      try {
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    return null;
  })();
  return ripgrepPath;
}

/** Searches with ripgrep when it is on PATH (unless useRipgrep is false), else in JS. */
export async function searchText(query: TextSearchQuery, options: { useRipgrep?: boolean } = {}): Promise<TextSearchResult> {
  const rg = options.useRipgrep === false ? null : await findRipgrep();
  return rg ? searchWithRipgrep(rg, query) : searchWithJs(query);
}

/**
 * Every file of the workspace as git sees it (.gitignore'd files and .git
 * left out), workspace-relative: `rg --files` when ripgrep is on PATH (about
 * ten times faster on a large tree), else the JS walk.
 */
export async function listWorkspaceFiles(workspace: string, options: { useRipgrep?: boolean } = {}): Promise<string[]> {
  const rg = options.useRipgrep === false ? null : await findRipgrep();
  if (!rg) {
    const files: string[] = [];
    for await (const file of walkWorkspace(workspace)) files.push(file.relative);
    return files;
  }
  const child = spawn(rg, ['--files', '--no-require-git', '--hidden', '--glob', '!.git', '--no-config', '--no-messages'], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const files: string[] = [];
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) if (line) files.push(line.replace(/^\.\//, '').split(path.sep).join('/'));
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('close', resolve)));
  return files.sort();
}

function trimLine(text: string): string {
  const line = text.replace(/\r?\n$/, '');
  return line.length > SEARCH_MAX_LINE_CHARS ? `${line.slice(0, SEARCH_MAX_LINE_CHARS)}…` : line;
}

function globMatcher(glob: string | undefined): ((relative: string) => boolean) | null {
  if (!glob) return null;
  // Like rg: a glob without a slash matches the file name at any depth.
  const isMatch = picomatch(glob, { dot: true, basename: !glob.includes('/') });
  return (relative) => isMatch(relative);
}

type RgText = { text?: string; bytes?: string };
interface RgMatch {
  path?: RgText;
  line_number?: number;
  lines?: RgText;
  submatches?: { start: number; end: number }[];
}

function rgText(value: RgText | undefined): string {
  if (!value) return '';
  if (typeof value.text === 'string') return value.text;
  return value.bytes ? Buffer.from(value.bytes, 'base64').toString('utf8') : '';
}

/** Character column and length of a byte range of a UTF-8 line. */
function charRange(line: string, start: number, end: number): { column: number; length: number } {
  if (/^[\x00-\x7f]*$/.test(line)) return { column: start + 1, length: end - start };
  const bytes = Buffer.from(line, 'utf8');
  const before = bytes.subarray(0, start).toString('utf8').length;
  const inside = bytes.subarray(start, end).toString('utf8').length;
  return { column: before + 1, length: inside };
}

export async function searchWithRipgrep(rg: string, query: TextSearchQuery): Promise<TextSearchResult> {
  const args = ['--json', '--no-require-git', '--hidden', '--glob', '!.git', '--max-filesize', '10M', '--no-config'];
  if (query.regex === false) args.push('--fixed-strings');
  if (query.caseSensitive === false) args.push('--ignore-case');
  // Not rg's --glob: a whitelist glob there overrides .gitignore. Filter here instead.
  const matchesGlob = globMatcher(query.glob);
  args.push('--regexp', query.pattern, '--', query.target || '.');
  const child = spawn(rg, args, { cwd: query.workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  const matches: TextMatch[] = [];
  let truncated = false;
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4000) stderr += chunk;
  });
  const timer = setTimeout(() => {
    truncated = true;
    child.kill('SIGKILL');
  }, SEARCH_TIMEOUT_MS);
  let spawnError: Error | null = null;
  child.on('error', (error) => (spawnError = error));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) {
    // Only "match" lines matter; skip the rest without parsing them.
    if (!line.startsWith('{"type":"match"')) continue;
    let event: { type?: string; data?: RgMatch };
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.type !== 'match' || !event.data) continue;
    const matchPath = rgText(event.data.path).replace(/^\.\//, '');
    if (matchesGlob && !matchesGlob(matchPath)) continue;
    if (matches.length >= query.max) {
      truncated = true;
      child.kill('SIGKILL');
      break;
    }
    const text = rgText(event.data.lines).replace(/\r?\n$/, '');
    const first = event.data.submatches?.[0];
    const range = first ? charRange(text, first.start, first.end) : { column: 1, length: 0 };
    matches.push({ path: matchPath, line: event.data.line_number ?? 0, ...range, text: trimLine(text) });
  }
  const code = await exit;
  clearTimeout(timer);
  if (spawnError) throw new TextSearchError(`Search could not start ripgrep: ${(spawnError as Error).message}`);
  if (!truncated && code === 2 && matches.length === 0) {
    const message = stderr.trim().split('\n').slice(0, 6).join('\n');
    if (/regex/i.test(message)) throw new TextSearchError(`Invalid regular expression: ${message}`);
    throw new TextSearchError(`Search failed: ${message || 'ripgrep exited with an error.'}`);
  }
  return { matches, truncated, engine: 'ripgrep' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function searchWithJs(query: TextSearchQuery): Promise<TextSearchResult> {
  let regex: RegExp;
  try {
    regex = new RegExp(query.regex === false ? escapeRegExp(query.pattern) : query.pattern, query.caseSensitive === false ? 'i' : '');
  } catch (error) {
    throw new TextSearchError(`Invalid regular expression: ${(error as Error).message}`);
  }
  const matchesGlob = globMatcher(query.glob);
  const matches: TextMatch[] = [];
  const deadline = Date.now() + SEARCH_TIMEOUT_MS;
  const target = query.target || '.';
  const absoluteTarget = path.join(query.workspace, target);
  const targetInfo = await stat(absoluteTarget);
  const files = targetInfo.isFile()
    ? (async function* () {
        yield { relative: target, absolute: absoluteTarget };
      })()
    : walkWorkspace(query.workspace, target);
  for await (const file of files) {
    if (Date.now() > deadline) return { matches, truncated: true, engine: 'js' };
    if (matchesGlob && !matchesGlob(file.relative)) continue;
    let bytes: Buffer;
    try {
      if ((await stat(file.absolute)).size > FALLBACK_MAX_FILE_BYTES) continue;
      bytes = await readFile(file.absolute);
    } catch {
      continue;
    }
    if (looksBinary(bytes.subarray(0, 8192), bytes.length <= 8192)) continue;
    const text = bytes.toString('utf8');
    if (!regex.test(text)) continue;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const found = regex.exec(lines[i]!);
      if (!found) continue;
      if (matches.length >= query.max) return { matches, truncated: true, engine: 'js' };
      const line = lines[i]!.replace(/\r$/, '');
      matches.push({ path: file.relative, line: i + 1, column: found.index + 1, length: found[0].length, text: trimLine(line) });
    }
  }
  return { matches, truncated: false, engine: 'js' };
}
