// grep {pattern, path?, glob?}: regex search over file contents, .gitignore
// respected. ripgrep (`rg --json`) when it is on PATH, else a JS walk.

import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import picomatch from 'picomatch';
import type { ToolInputs } from '../../shared/tools.js';
import { resolveInWorkspace } from './pathSafety.js';
import { looksBinary } from './textFiles.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';
import { walkWorkspace } from './workspaceFiles.js';

export const GREP_MAX_MATCHES = 200;
export const GREP_MAX_LINE_CHARS = 300;
const GREP_TIMEOUT_MS = 30_000;
const FALLBACK_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

export interface GrepResult {
  matches: GrepMatch[];
  /** More matches existed than were kept. */
  truncated: boolean;
}

interface GrepQuery {
  workspace: string;
  pattern: string;
  /** Workspace-relative file or folder ('.' for the root). */
  target: string;
  glob?: string;
  max: number;
}

let ripgrepPath: Promise<string | null> | null = null;

/** Finds `rg` on PATH once per process. */
export function findRipgrep(): Promise<string | null> {
  ripgrepPath ??= new Promise((resolve) => {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
    void (async () => {
      for (const dir of dirs) {
        const candidate = path.join(dir, process.platform === 'win32' ? 'rg.exe' : 'rg');
        try {
          if ((await stat(candidate)).isFile()) return resolve(candidate);
        } catch {
          // not here
        }
      }
      resolve(null);
    })();
  });
  return ripgrepPath;
}

function trimLine(text: string): string {
  const line = text.replace(/\r?\n$/, '');
  return line.length > GREP_MAX_LINE_CHARS ? `${line.slice(0, GREP_MAX_LINE_CHARS)}…` : line;
}

export async function grepWithRipgrep(rg: string, query: GrepQuery): Promise<GrepResult> {
  const args = ['--json', '--no-require-git', '--hidden', '--glob', '!.git', '--max-filesize', '10M'];
  // Not rg's --glob: a whitelist glob there overrides .gitignore. Filter here instead.
  const matchesGlob = globMatcher(query.glob);
  args.push('--regexp', query.pattern, '--', query.target);
  const child = spawn(rg, args, { cwd: query.workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  const matches: GrepMatch[] = [];
  let truncated = false;
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4000) stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), GREP_TIMEOUT_MS);
  let spawnError: Error | null = null;
  child.on('error', (error) => (spawnError = error));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) {
    let event: { type?: string; data?: { path?: { text?: string }; line_number?: number; lines?: { text?: string } } };
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.type !== 'match' || !event.data) continue;
    const matchPath = (event.data.path?.text ?? '').replace(/^\.\//, '');
    if (matchesGlob && !matchesGlob(matchPath)) continue;
    if (matches.length >= query.max) {
      truncated = true;
      child.kill('SIGKILL');
      break;
    }
    matches.push({
      path: matchPath,
      line: event.data.line_number ?? 0,
      text: trimLine(event.data.lines?.text ?? ''),
    });
  }
  const code = await exit;
  clearTimeout(timer);
  if (spawnError) throw new ToolError(`grep could not start ripgrep: ${(spawnError as Error).message}`);
  if (!truncated && code === 2 && matches.length === 0) {
    const message = stderr.trim().split('\n').slice(0, 6).join('\n');
    if (/regex/i.test(message)) throw new ToolError(`Invalid regular expression: ${message}`);
    throw new ToolError(`grep failed: ${message || 'ripgrep exited with an error.'}`);
  }
  return { matches, truncated };
}

function globMatcher(glob: string | undefined): ((relative: string) => boolean) | null {
  if (!glob) return null;
  // Like rg: a glob without a slash matches the file name at any depth.
  const isMatch = picomatch(glob, { dot: true, basename: !glob.includes('/') });
  return (relative) => isMatch(relative);
}

export async function grepWithJs(query: GrepQuery): Promise<GrepResult> {
  let regex: RegExp;
  try {
    regex = new RegExp(query.pattern);
  } catch (error) {
    throw new ToolError(`Invalid regular expression: ${(error as Error).message}`);
  }
  const matchesGlob = globMatcher(query.glob);
  const matches: GrepMatch[] = [];
  const deadline = Date.now() + GREP_TIMEOUT_MS;
  const absoluteTarget = path.join(query.workspace, query.target);
  const targetInfo = await stat(absoluteTarget);
  const files = targetInfo.isFile()
    ? (async function* () {
        yield { relative: query.target, absolute: absoluteTarget };
      })()
    : walkWorkspace(query.workspace, query.target);
  for await (const file of files) {
    if (Date.now() > deadline) return { matches, truncated: true };
    if (matchesGlob && !matchesGlob(file.relative)) continue;
    let bytes: Buffer;
    try {
      if ((await stat(file.absolute)).size > FALLBACK_MAX_FILE_BYTES) continue;
      bytes = await readFile(file.absolute);
    } catch {
      continue;
    }
    if (looksBinary(bytes.subarray(0, 8192), bytes.length <= 8192)) continue;
    const lines = bytes.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!regex.test(lines[i]!)) continue;
      if (matches.length >= query.max) return { matches, truncated: true };
      matches.push({ path: file.relative, line: i + 1, text: trimLine(lines[i]!) });
    }
  }
  return { matches, truncated: false };
}

export async function grepTool(
  input: ToolInputs['grep'],
  ctx: Pick<ToolContext, 'workspace'>,
  options: { useRipgrep?: boolean } = {},
): Promise<ToolOutcome> {
  if (typeof input.pattern !== 'string' || input.pattern === '') throw new ToolError('A pattern is needed.');
  const { relative, absolute } = await resolveInWorkspace(ctx.workspace, input.path);
  try {
    await stat(absolute);
  } catch {
    throw new ToolError(`Path not found: "${relative}".`);
  }
  const query: GrepQuery = { workspace: ctx.workspace, pattern: input.pattern, target: relative, glob: input.glob, max: GREP_MAX_MATCHES };
  const rg = options.useRipgrep === false ? null : await findRipgrep();
  const result = rg ? await grepWithRipgrep(rg, query) : await grepWithJs(query);
  if (result.matches.length === 0) return { ok: true, content: 'No matches.' };
  let content = result.matches.map((m) => `${m.path}:${m.line}: ${m.text}`).join('\n');
  if (result.truncated) {
    content += `\n\n[Showing the first ${GREP_MAX_MATCHES} matches. Narrow the pattern, path or glob to see the rest.]`;
  }
  return { ok: true, content };
}
