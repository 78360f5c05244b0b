// The approval gate: decides whether a shell command may run at once
// (read-only) or needs a person's yes. Pure: no I/O, no clock.
//
// Rule of thumb: a command runs at once only when every simple command in the
// line is known to be read-only (or allowed by a user pattern) and nothing
// writes through a redirect or runs code we cannot see. Everything else,
// including any command we do not know, needs approval.

import picomatch from 'picomatch';
import { parse } from 'shell-quote';
import { parseCommandLine, type SimpleCommand } from './shellWords.js';

export interface CommandVerdict {
  needsApproval: boolean;
  /** Why, in words a person reads in the approval card (e.g. "deletes files (rm)"). */
  reason: string;
}

/** Commands that only read, whatever their arguments (special cases are handled below). */
const READ_ONLY = new Set([
  'ls', 'cat', 'head', 'tail', 'wc', 'pwd', 'echo', 'printf', 'grep', 'egrep', 'fgrep', 'rg', 'ag',
  'which', 'whereis', 'type', 'tree', 'stat', 'file', 'du', 'df', 'uniq', 'cut', 'tr', 'diff', 'cmp',
  'comm', 'jq', 'basename', 'dirname', 'realpath', 'readlink', 'date', 'whoami', 'id', 'uname',
  'hostname', 'true', 'false', 'test', '[', 'nl', 'od', 'hexdump', 'md5sum', 'sha1sum', 'sha256sum',
  'sha512sum', 'cksum', 'column', 'fold', 'fmt', 'paste', 'join', 'rev', 'tac', 'seq', 'less', 'more',
  'cd', 'ps', 'printenv', 'strings', 'look', 'expr', 'sleep', 'locale', 'nproc', 'free', 'uptime',
  'tty', 'groups', 'getconf', 'lsof', 'zcat', 'zgrep', 'bzcat', 'xzcat',
]);

/** Tools whose `--version` (or `-v`, `-V`, `version`) only prints a version. */
const VERSION_ONLY = new Set([
  'node', 'npm', 'pnpm', 'yarn', 'npx', 'python', 'python3', 'pip', 'pip3', 'go', 'cargo', 'rustc',
  'git', 'java', 'javac', 'ruby', 'gcc', 'g++', 'clang', 'make', 'deno', 'bun', 'tsc', 'docker',
  'perl', 'php', 'dotnet', 'mvn', 'gradle', 'rg', 'jq', 'bash', 'sh', 'zsh',
]);

const DELETES = new Set(['rm', 'rmdir', 'unlink', 'shred']);
const WRITES = new Set([
  'mv', 'cp', 'ln', 'install', 'mkdir', 'touch', 'chmod', 'chown', 'chgrp', 'truncate', 'dd', 'tee',
  'patch', 'rsync', 'tar', 'unzip', 'zip', 'gzip', 'gunzip', 'mkfifo', 'mknod', 'split', 'csplit',
]);
const NETWORK = new Set([
  'curl', 'wget', 'ssh', 'scp', 'sftp', 'ftp', 'nc', 'ncat', 'netcat', 'telnet', 'rsh', 'aria2c', 'http',
]);
const PACKAGE_MANAGERS = new Set(['apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'apk', 'brew', 'snap', 'pacman']);
const PROCESS_CONTROL = new Set(['kill', 'pkill', 'killall', 'shutdown', 'reboot', 'systemctl', 'service']);
const ELEVATE = new Set(['sudo', 'doas', 'su', 'pkexec']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
const INTERPRETERS = new Set([
  'node', 'python', 'python3', 'ruby', 'perl', 'php', 'deno', 'bun', 'tsx', 'ts-node', 'java', 'go',
  'cargo', 'make', 'cmake', 'gradle', 'mvn', 'dotnet', 'pytest', 'jest', 'vitest', 'mocha', 'awk', 'gawk',
]);

/** git subcommands that only read the repository (some need argument checks below). */
const GIT_READ_ONLY = new Set([
  'status', 'diff', 'log', 'show', 'rev-parse', 'ls-files', 'blame', 'shortlog', 'describe', 'ls-tree',
  'cat-file', 'grep', 'merge-base', 'rev-list', 'name-rev', 'count-objects', 'whatchanged', 'help',
  'version', 'show-ref', 'for-each-ref', 'check-ignore', 'annotate', 'cherry', 'range-diff',
]);
const GIT_NETWORK = new Set(['push', 'pull', 'fetch', 'clone', 'ls-remote', 'submodule']);

const MAX_DEPTH = 4;

export function classifyCommand(command: string, allowedPatterns: string[]): CommandVerdict {
  const verdict = classifyLine(command, allowedPatterns, 0);
  if (verdict) return { needsApproval: true, reason: verdict };
  return { needsApproval: false, reason: allowedBy(command, allowedPatterns) ?? 'read-only command' };
}

/** Which user pattern allowed a command, for the reason text. */
function allowedBy(command: string, patterns: string[]): string | null {
  const { commands } = parseCommandLine(command);
  for (const simple of commands) {
    const words = dropAssignments(simple.words);
    for (const pattern of patterns) if (matchesPattern(words, pattern)) return `allowed by your pattern "${pattern}"`;
  }
  return null;
}

/** Returns the reason approval is needed, or null when the whole line may run at once. */
function classifyLine(command: string, patterns: string[], depth: number): string | null {
  if (depth > MAX_DEPTH) return 'nests shells too deeply to check';
  if (!command.trim()) return null;
  let parsed;
  try {
    parsed = parseCommandLine(command);
  } catch {
    return 'could not be parsed';
  }
  if (parsed.hazards.length > 0) return parsed.hazards[0]!;
  for (const simple of parsed.commands) {
    const redirect = redirectReason(simple);
    if (redirect) return redirect;
    const words = dropAssignments(simple.words);
    if (words.length === 0) continue;
    if (patterns.some((p) => matchesPattern(words, p))) continue;
    const reason = classifyWords(words, patterns, depth);
    if (reason) return reason;
  }
  return null;
}

const SAFE_REDIRECT_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

function redirectReason(simple: SimpleCommand): string | null {
  for (const { op, target } of simple.redirects) {
    if (op === '<' || op === '<<' || op === '<<<' || op === '<&') continue;
    if (op === '>&' && target !== null && /^(\d+|-)$/.test(target)) continue;
    if (target !== null && SAFE_REDIRECT_TARGETS.has(target)) continue;
    return `writes a file with a redirect (${op} ${target ?? ''})`.replace(' )', ')');
  }
  return null;
}

function dropAssignments(words: string[]): string[] {
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  return words.slice(i);
}

/** The command's name: `/usr/bin/rm` is `rm`; `./build.sh` stays a path. */
function commandName(word: string): string {
  const m = /^\/(?:usr\/)?(?:local\/)?s?bin\/([^/]+)$/.exec(word);
  return m ? m[1]! : word;
}

function isVersionQuery(args: string[]): boolean {
  return args.length === 1 && ['--version', '-v', '-V', 'version', '--help', '-h'].includes(args[0]!);
}

function classifyWords(words: string[], patterns: string[], depth: number): string | null {
  const name = commandName(words[0]!);
  const args = words.slice(1);
  if (name.includes('$')) return `runs a command named by a variable (${name})`;
  if (name.includes('/')) return `runs a program or script (${name})`;

  if (ELEVATE.has(name)) return `runs as another user (${name})`;
  if (VERSION_ONLY.has(name) && isVersionQuery(args)) return null;

  switch (name) {
    case 'env':
      return classifyEnv(args, patterns, depth);
    case 'time':
    case 'nohup':
    case 'exec':
      return classifyRest(args, patterns, depth);
    case 'nice':
      return classifyRest(skipOptions(args, new Set(['-n', '--adjustment'])), patterns, depth);
    case 'timeout': {
      const rest = skipOptions(args, new Set(['-s', '--signal', '-k', '--kill-after']));
      return classifyRest(rest.slice(1), patterns, depth);
    }
    case 'command':
      if (args[0] === '-v' || args[0] === '-V') return null;
      return classifyRest(args, patterns, depth);
    case 'xargs':
      return classifyXargs(args, patterns, depth);
    case 'eval':
      return classifyLine(args.join(' '), patterns, depth + 1);
    case 'find':
      return classifyFind(args);
    case 'file':
      return args.some((a) => a === '-C' || a === '--compile') ? 'writes a file (file -C)' : null;
    case 'tree':
      return args.some((a) => a === '-o' || /^-[^-]*o/.test(a)) ? 'writes a file (tree -o)' : null;
    case 'rg':
      return args.some((a) => a === '--pre' || a.startsWith('--pre=')) ? 'runs a preprocessor program (rg --pre)' : null;
    case 'git':
      return classifyGit(args);
    case 'sed':
      return classifySed(args);
    case 'sort':
      return args.some((a) => a === '-o' || a.startsWith('--output') || /^-[^-]*o/.test(a)) ? 'writes a file (sort -o)' : null;
    case 'xxd':
      if (args.includes('-r') || args.filter((a) => !a.startsWith('-')).length > 1) return 'writes a file (xxd)';
      return null;
    case 'uniq':
      return args.filter((a) => !a.startsWith('-')).length > 1 ? 'writes a file (uniq with an output file)' : null;
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun':
      return classifyPackageScript(name, args);
    case 'npx':
    case 'pnpx':
      return `runs a package binary (${name} ${args[0] ?? ''})`.replace(' )', ')');
    case 'pip':
    case 'pip3':
      return ['list', 'show', 'freeze', 'check'].includes(args[0] ?? '') ? null : `installs packages (${name} ${args[0] ?? ''})`.replace(' )', ')');
  }

  if (SHELLS.has(name)) {
    const c = args.indexOf('-c');
    if (c >= 0 && args[c + 1] !== undefined) return classifyLine(args[c + 1]!, patterns, depth + 1);
    return `runs a shell script (${name})`;
  }
  if (READ_ONLY.has(name)) return null;
  if (DELETES.has(name)) return `deletes files (${name})`;
  if (WRITES.has(name)) return `writes files (${name})`;
  if (NETWORK.has(name)) return `reaches the network (${name})`;
  if (PACKAGE_MANAGERS.has(name)) return `installs or changes system packages (${name})`;
  if (PROCESS_CONTROL.has(name)) return `stops or controls processes (${name})`;
  if (INTERPRETERS.has(name)) return `runs a program or script (${[name, ...args].slice(0, 3).join(' ')})`;
  return `is not a known read-only command (${name})`;
}

function classifyRest(rest: string[], patterns: string[], depth: number): string | null {
  const words = dropAssignments(rest);
  if (words.length === 0) return null;
  if (patterns.some((p) => matchesPattern(words, p))) return null;
  return classifyWords(words, patterns, depth + 1);
}

/** Skips leading options; `withValue` options consume the next word. */
function skipOptions(args: string[], withValue: Set<string>): string[] {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && args[i] !== '-') {
    if (args[i] === '--') return args.slice(i + 1);
    if (withValue.has(args[i]!)) i++;
    i++;
  }
  return args.slice(i);
}

function classifyEnv(args: string[], patterns: string[], depth: number): string | null {
  // `env` alone prints the environment; `env [-i] [-u NAME] [VAR=x] CMD` runs CMD.
  const rest = dropAssignments(skipOptions(args, new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string'])));
  if (args.includes('-S') || args.some((a) => a.startsWith('--split-string'))) return 'runs a command through env -S';
  return classifyRest(rest, patterns, depth);
}

function classifyXargs(args: string[], patterns: string[], depth: number): string | null {
  const withValue = new Set(['-I', '-i', '-n', '-P', '-d', '-L', '-l', '-s', '-E', '-e', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file']);
  const rest = skipOptions(args, withValue);
  if (rest.length === 0) return null; // xargs alone runs echo
  return classifyRest(rest, patterns, depth);
}

const FIND_WRITES = new Set(['-delete', '-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprint0', '-fprintf', '-fls']);

function classifyFind(args: string[]): string | null {
  const bad = args.find((a) => FIND_WRITES.has(a));
  if (!bad) return null;
  return bad === '-delete' ? 'deletes files (find -delete)' : `runs or writes through find ${bad}`;
}

function classifySed(args: string[]): string | null {
  if (args.some((a) => a === '-i' || a.startsWith('--in-place') || /^-[a-zA-Z]*i/.test(a))) return 'edits files in place (sed -i)';
  // Scripts can write (`w file`, the s///w flag) or execute (`e`); treat those as writes.
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-e' || args[i] === '--expression') scripts.push(args[++i] ?? '');
    else if (args[i] === '-f' || args[i] === '--file') return 'runs a sed script file';
    else if (!args[i]!.startsWith('-') && scripts.length === 0 && !args.includes('-e')) scripts.push(args[i]!);
  }
  for (const script of scripts) {
    if (/(^|[;{}\n])\s*(\/[^/]*\/|[0-9,$!])*\s*[wWe](\s|$)/.test(script) || /^s(.).*\1.*\1[gpiImMe0-9]*[we]/.test(script)) {
      return 'writes or runs through a sed script';
    }
  }
  return null;
}

function classifyGit(args: string[]): string | null {
  // Global options come before the subcommand; -c can set an alias or pager that runs code.
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    const opt = args[i]!;
    if (opt === '-c' || opt.startsWith('--config-env') || opt.startsWith('--exec-path')) return `changes git's configuration for one command (git ${opt})`;
    if (opt === '-C' || opt === '--git-dir' || opt === '--work-tree' || opt === '--namespace') i++;
    i++;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === undefined) return null;
  if (rest.some((a) => a === '--output' || a.startsWith('--output='))) return `writes a file (git ${sub} --output)`;
  if (GIT_READ_ONLY.has(sub)) {
    if (sub === 'grep' && rest.some((a) => a.startsWith('-O') || a.startsWith('--open-files-in-pager'))) return 'opens files in a program (git grep -O)';
    if (sub === 'diff' && rest.includes('--ext-diff')) return 'runs an external diff program (git diff --ext-diff)';
    return null;
  }
  if (GIT_NETWORK.has(sub)) return `reaches the network (git ${sub})`;
  switch (sub) {
    case 'branch':
      return gitListingOnly(rest, ['-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--list', '-l', '--show-current', '--no-color', '--color'], ['--contains', '--no-contains', '--merged', '--no-merged', '--sort', '--format', '--points-at'], 'git branch')
        ?? null;
    case 'tag':
      return gitListingOnly(rest, ['-l', '--list', '-n'], ['--contains', '--no-contains', '--merged', '--no-merged', '--sort', '--format', '--points-at'], 'git tag');
    case 'remote':
      if (rest.length === 0 || (rest.length === 1 && (rest[0] === '-v' || rest[0] === '--verbose'))) return null;
      if (rest[0] === 'get-url') return null;
      return `changes or contacts a remote (git remote ${rest[0]})`;
    case 'stash':
      return rest[0] === 'list' || rest[0] === 'show' ? null : 'changes the working tree (git stash)';
    case 'reflog':
      return rest.length === 0 || rest[0] === 'show' || rest[0]!.startsWith('-') ? null : `changes the reflog (git reflog ${rest[0]})`;
    case 'config':
      return rest.some((a) => ['--get', '--get-all', '--list', '-l', '--get-regexp', '--show-origin'].includes(a)) ? null : 'changes git configuration (git config)';
    case 'worktree':
      return rest[0] === 'list' ? null : 'changes worktrees (git worktree)';
    default:
      return `changes the repository (git ${sub})`;
  }
}

/** git branch / tag: listing forms only (flags, or patterns after --list). */
function gitListingOnly(rest: string[], flags: string[], valued: string[], what: string): string | null {
  const listing = rest.includes('--list') || rest.includes('-l');
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (flags.includes(a) || /^-n\d*$/.test(a)) continue;
    if (valued.includes(a)) {
      i++;
      continue;
    }
    if (valued.some((v) => a.startsWith(v + '='))) continue;
    if (!a.startsWith('-') && listing) continue;
    return `changes the repository (${what} ${a})`;
  }
  return null;
}

function classifyPackageScript(tool: string, args: string[]): string | null {
  const sub = args[0];
  if (sub === undefined) return null;
  const readOnly = ['ls', 'list', 'view', 'info', 'show', 'why', 'root', 'prefix', 'help', 'explain', '-v', '--version', 'version', 'bin'];
  if (readOnly.includes(sub) && !(sub === 'version' && args.length > 1)) return null;
  if (sub === 'config' && (args[1] === 'get' || args[1] === 'list' || args[1] === 'ls')) return null;
  if (['install', 'i', 'ci', 'add', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'link', 'dedupe', 'prune'].includes(sub)) {
    return `installs or changes packages (${tool} ${sub})`;
  }
  if (['publish', 'unpublish', 'login', 'logout', 'adduser', 'deprecate', 'dist-tag', 'owner', 'access', 'outdated', 'audit'].includes(sub)) {
    return `reaches the network (${tool} ${sub})`;
  }
  if (sub === 'run' || sub === 'run-script') return `runs a script (${tool} run ${args[1] ?? ''})`.replace(' )', ')');
  if (['test', 't', 'start', 'stop', 'restart', 'exec', 'x', 'dlx', 'create', 'init'].includes(sub)) return `runs a script (${tool} ${sub})`;
  // `yarn build` runs the "build" script.
  return `runs a script or command (${tool} ${sub})`;
}

/**
 * A user pattern such as `npm test` matches that command with any extra
 * arguments; words may be globs (`npm run test:*`) and a final `*` matches the
 * rest of the command (`npm run *`).
 */
export function matchesPattern(words: string[], pattern: string): boolean {
  let patternWords: string[];
  try {
    patternWords = parse(pattern).flatMap((entry) => {
      if (typeof entry === 'string') return [entry];
      if ('op' in entry && entry.op === 'glob') return [(entry as { pattern: string }).pattern];
      return [];
    });
  } catch {
    return false;
  }
  patternWords = dropAssignments(patternWords);
  if (patternWords.length === 0) return false;
  for (let i = 0; i < patternWords.length; i++) {
    const p = patternWords[i]!;
    if (p === '*' && i === patternWords.length - 1) return words.length > i;
    const word = words[i];
    if (word === undefined) return false;
    if (i === 0 ? commandName(word) !== commandName(p) && !globMatch(word, p) : !globMatch(word, p)) return false;
  }
  return true;
}

function globMatch(word: string, pattern: string): boolean {
  if (!/[*?[\]{}]/.test(pattern)) return word === pattern;
  return picomatch.isMatch(word, pattern, { dot: true, bash: true });
}
