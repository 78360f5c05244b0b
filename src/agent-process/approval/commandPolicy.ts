// The approval gate: decides whether a shell command may run at once
// (read-only) or needs a person's yes. Pure: no I/O, no clock.
//
// It fails closed: a command runs at once only when every simple command in
// the line is a known read-only program given only options on its allow-list
// (optionSpecs.ts), or is exactly one of the user's allowed patterns, and
// nothing writes through a redirect, runs code we cannot see, reaches for a
// place that holds secrets, or hides its real words behind an expansion
// ($X, ~, *, [..], {a,b}) where an option, a command or a file could appear.
// Everything else needs approval. The OS sandbox (../sandbox) backs this up:
// a read-only command also runs on a read-only file system.

import path from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'shell-quote';
import { FIND_LEADING, FIND_TESTS, FIND_TESTS_WITH_VALUE, OPTION_SPECS, XARGS_SPEC, checkOptions } from './optionSpecs.js';
import { parseCommandLine, type SimpleCommand } from './shellWords.js';
import { secretPathReason, type SecretPlaces } from './secretPaths.js';

export interface CommandVerdict {
  needsApproval: boolean;
  /** Why, in words a person reads in the approval card (e.g. "deletes files (rm)"). */
  reason: string;
}

/** What the gate knows about the run besides the command itself. */
export interface GateContext {
  /** Where secrets live (home folder, OFFLOAD_HOME, ...), for paths the command names. */
  secrets?: SecretPlaces;
  /** Workspace-relative paths this agent changed since the baseline. */
  changedFiles?: readonly string[];
}

/** Commands that only read, whatever their arguments (special cases are handled below). */
const READ_ONLY = new Set([
  'ls', 'cat', 'head', 'tail', 'wc', 'pwd', 'echo', 'printf', 'grep', 'egrep', 'fgrep', 'rg', 'ag',
  'which', 'whereis', 'type', 'tree', 'stat', 'file', 'du', 'df', 'uniq', 'cut', 'tr', 'diff', 'cmp',
  'comm', 'jq', 'basename', 'dirname', 'realpath', 'readlink', 'date', 'whoami', 'id', 'uname',
  'hostname', 'true', 'false', 'test', '[', 'nl', 'od', 'hexdump', 'md5sum', 'sha1sum', 'sha256sum',
  'sha512sum', 'cksum', 'column', 'fold', 'fmt', 'paste', 'join', 'rev', 'tac', 'seq',
  'cd', 'ps', 'printenv', 'strings', 'look', 'expr', 'sleep', 'nproc', 'free', 'uptime',
  'tty', 'groups', 'getconf', 'exit', 'zcat', 'bzcat', 'xzcat', 'sort', 'xxd',
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

/**
 * Read-only programs every one of whose options only changes what they print
 * (each was read through: none writes a file, runs a program or opens a
 * connection), so a glob that turns into an option cannot make them write.
 * Their argument words are still checked for expansions and secret places.
 * `find`, `sort`, `ps` and friends are not among them: they get allow-lists.
 */
const ANY_ARGUMENTS_SAFE = new Set([
  'ls', 'cat', 'head', 'tail', 'wc', 'pwd', 'echo', 'grep', 'egrep', 'fgrep', 'which', 'whereis', 'type',
  'stat', 'du', 'df', 'cut', 'tr', 'diff', 'cmp', 'comm', 'jq', 'basename', 'dirname', 'realpath', 'readlink',
  'whoami', 'id', 'uname', 'true', 'false', 'test', '[', 'nl', 'od', 'hexdump', 'md5sum', 'sha1sum',
  'sha256sum', 'sha512sum', 'cksum', 'column', 'fold', 'fmt', 'paste', 'join', 'rev', 'tac', 'seq',
  'printenv', 'strings', 'look', 'expr', 'sleep', 'nproc', 'free', 'uptime', 'tty', 'groups', 'getconf',
  'zcat', 'bzcat', 'xzcat',
]);

/** Programs whose arguments are only printed, so a variable in them is harmless (`echo $HOME`). */
const PRINTS_ARGUMENTS = new Set(['echo']);

/**
 * Variables a command may be given in front of it (`LANG=C sort`): none of
 * them makes a program load or run other code. Anything else (LD_PRELOAD,
 * PAGER, GIT_EXTERNAL_DIFF, NODE_OPTIONS, PATH, HOME...) needs approval.
 */
const SAFE_ASSIGNMENTS = new Set(['CI', 'NODE_ENV', 'LANG', 'LANGUAGE', 'TZ', 'NO_COLOR', 'FORCE_COLOR', 'TERM', 'COLUMNS', 'LINES', 'DEBUG']);

/**
 * Files that decide what an allowed pattern runs (`npm test` runs package.json's
 * "test" script, `make test` the Makefile, `pytest` its config and conftest.py).
 * When the agent changed one in this run, a pattern no longer vouches for it.
 */
const SCRIPT_FILES = picomatch(
  [
    '**/package.json', '**/.npmrc', '**/.yarnrc', '**/.yarnrc.yml', '**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk',
    '**/{jest,vitest,vite,mocha,playwright,karma,cypress,webpack,rollup,babel,eslint,prettier,tsup}.config.*', '**/.mocharc*', '**/.babelrc*',
    '**/pytest.ini', '**/pyproject.toml', '**/setup.cfg', '**/setup.py', '**/tox.ini', '**/conftest.py', '**/noxfile.py',
    '**/Cargo.toml', '**/build.rs', '**/.cargo/**', '**/go.mod', '**/build.gradle*', '**/settings.gradle*', '**/pom.xml',
    '**/Rakefile', '**/Gemfile', '**/justfile', '**/Taskfile.y*ml', '**/CMakeLists.txt', '**/deno.json*', '**/bunfig.toml',
    '**/tsconfig*.json',
  ],
  { dot: true },
);

const MAX_DEPTH = 4;

interface Gate {
  patterns: string[];
  context: GateContext;
  /** A changed script file, when there is one (patterns do not cover it). */
  changedScript: string | null;
}

export function classifyCommand(command: string, allowedPatterns: string[], context: GateContext = {}): CommandVerdict {
  const changedScript = (context.changedFiles ?? []).find((file) => SCRIPT_FILES(file)) ?? null;
  const gate: Gate = { patterns: allowedPatterns, context, changedScript };
  const verdict = classifyLine(command, gate, 0);
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

/** A user pattern covers `words`, unless a file that decides what they run changed in this run. */
function patternAllows(words: string[], gate: Gate): string | null | false {
  const pattern = gate.patterns.find((p) => matchesPattern(words, p));
  if (pattern === undefined) return false;
  if (gate.changedScript) {
    return `matches your pattern "${pattern}", but this agent changed ${gate.changedScript}, which decides what it runs`;
  }
  return null;
}

/** Returns the reason approval is needed, or null when the whole line may run at once. */
function classifyLine(command: string, gate: Gate, depth: number): string | null {
  if (depth > MAX_DEPTH) return 'nests shells too deeply to check';
  if (!command.trim()) return null;
  let parsed;
  try {
    parsed = parseCommandLine(command);
  } catch {
    return 'could not be parsed';
  }
  if (parsed.hazards.length > 0) return parsed.hazards[0]!;
  // `$_` is the last word of the previous command, so `echo -delete; find . $_` deletes.
  if (parsed.variables.includes('_')) return 'uses $_, whose value the checker cannot see';
  const assigned = new Set<string>();
  for (const simple of parsed.commands) {
    for (const word of simple.words.slice(0, simple.words.length - dropAssignments(simple.words).length)) assigned.add(word.slice(0, word.indexOf('=')));
  }
  const reused = parsed.variables.find((name) => assigned.has(name));
  if (reused) return `sets and then uses a variable ($${reused}), whose value the checker cannot follow`;
  for (const simple of parsed.commands) {
    const redirect = redirectReason(simple, gate);
    if (redirect) return redirect;
    const assignment = assignmentReason(simple.words);
    if (assignment) return assignment;
    const skipped = simple.words.length - dropAssignments(simple.words).length;
    const words = simple.words.slice(skipped);
    const dynamic = simple.dynamic.slice(skipped);
    if (words.length === 0) continue;
    for (const word of words) {
      const secretReason = processSecretsReason(word) ?? secretPathReason(word, gate.context.secrets);
      if (secretReason) return secretReason;
    }
    const name = commandName(words[0]!);
    if (name === 'ps' && words.slice(1).some((a) => /^[^-]*e/.test(a))) return "shows other processes' environments (ps e)";
    const expansion = expansionReason(words, dynamic);
    if (expansion) return expansion;
    if (simple.expands && !ANY_ARGUMENTS_SAFE.has(name)) {
      return `passes a wildcard or {a,b} expansion to ${name}, which could turn into an option`;
    }
    const byPattern = patternAllows(words, gate);
    if (byPattern === null) continue;
    const reason = classifyWords(words, gate, depth);
    if (reason) return byPattern || reason;
  }
  return null;
}

/**
 * Words whose value the shell decides ($X, ~, globs, braces): the command name
 * must be literal; an expansion where an option could start (`-del${U}ete`,
 * `${X:--delete}`, `-delet[e]`) or a variable anywhere needs approval, and a
 * wildcard may only name files below the workspace (a plain relative path).
 */
function expansionReason(words: string[], dynamic: boolean[]): string | null {
  if (dynamic[0]) return `runs a command whose name is an expansion (${words[0]})`;
  const name = commandName(words[0]!);
  for (let i = 1; i < words.length; i++) {
    if (!dynamic[i]) continue;
    const word = words[i]!;
    const hasVariable = word.includes('$');
    if (hasVariable && PRINTS_ARGUMENTS.has(name)) continue;
    if (hasVariable) return `passes a variable (${word}) to ${name}; its value could be an option or another file`;
    if (word.startsWith('~')) return `names a path in the home folder (${word})`;
    if (word.startsWith('/') || word.split('/').includes('..')) return `uses a wildcard outside the workspace (${word})`;
    if (!ANY_ARGUMENTS_SAFE.has(name) && /^[-*?[{]/.test(word)) {
      return `passes a wildcard or {a,b} expansion to ${name}, which could turn into an option`;
    }
  }
  return null;
}

const SAFE_REDIRECT_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

function redirectReason(simple: SimpleCommand, gate: Gate): string | null {
  for (const { op, target } of simple.redirects) {
    // bash itself opens a connection for these paths, even for reading.
    if (target !== null && /^\/dev\/(tcp|udp)\//.test(target)) return `reaches the network (${op} ${target})`;
    if (target !== null) {
      const secret = processSecretsReason(target) ?? secretPathReason(target, gate.context.secrets);
      if (secret) return secret;
      if (/[$*?[{~]/.test(target) && !/^(\d+|-)$/.test(target)) return `redirects to or from an expansion (${op} ${target})`;
    }
    if (op === '<' || op === '<<' || op === '<<<' || op === '<&') continue;
    if (op === '>&' && target !== null && /^(\d+|-)$/.test(target)) continue;
    if (target !== null && SAFE_REDIRECT_TARGETS.has(target)) continue;
    return `writes a file with a redirect (${op} ${target ?? ''})`.replace(' )', ')');
  }
  return null;
}

/** /proc files that describe the machine, not another process's secrets. */
const PROC_PUBLIC = /^\/proc\/(cpuinfo|meminfo|version|loadavg|uptime|stat|filesystems|mounts|partitions|swaps)$/;

/**
 * Reading another process's environment (/proc/PID/environ, `ps e`) would
 * show the host's API key and tokens, which its own children never get.
 * A glob over absolute paths (`/*\/1/env*`) could reach them too, and
 * `//proc`, `/./proc` and `/x/../proc` are all /proc.
 */
function processSecretsReason(raw: string): string | null {
  if (/environ/i.test(raw)) return 'reads a process environment, which can hold secrets';
  // The path part of `--file=/proc/..` too.
  for (const part of [raw, raw.slice(raw.indexOf('=') + 1)]) {
    if (!part.startsWith('/')) continue;
    const word = path.posix.normalize(part);
    if (/^\/proc(\/|$)/.test(word) && !PROC_PUBLIC.test(word)) return 'reads process details under /proc, which can hold secrets';
    if (/^\/+[^/]*[*?[]/.test(word)) return 'uses a wildcard over top-level folders, which could reach /proc';
  }
  return null;
}

/** Why leading `NAME=value` words need approval (they can make a program run other code). */
function assignmentReason(words: string[]): string | null {
  for (const word of words) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word);
    if (!m) return null;
    const name = m[1]!;
    if (!SAFE_ASSIGNMENTS.has(name) && !/^LC_[A-Z]+$/.test(name)) return `sets the variable ${name}, which can change what a program runs`;
    if (word.includes('/')) return `sets the variable ${name} to a path`;
  }
  return null;
}

/** True when `arg` is `--NAME` or `--NAME=...` with NAME a unique-prefix abbreviation of one of `names` (getopt accepts those). */
function isLongOption(arg: string, names: string[], minLength = 1): boolean {
  if (!arg.startsWith('--')) return false;
  const given = arg.slice(2).split('=')[0]!;
  return given.length >= minLength && names.some((name) => name.startsWith(given));
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

function classifyWords(words: string[], gate: Gate, depth: number): string | null {
  const name = commandName(words[0]!);
  const args = words.slice(1);
  if (SHELLS.has(name)) return classifyShell(name, args, gate, depth);
  if (name.includes('$')) return `runs a command named by a variable (${name})`;
  if (name.includes('/')) return `runs a program or script (${name})`;

  if (ELEVATE.has(name)) return `runs as another user (${name})`;
  if (VERSION_ONLY.has(name) && isVersionQuery(args)) return null;

  switch (name) {
    case 'env':
      return classifyEnv(args, gate, depth);
    case 'time':
      return classifyRest(args[0] === '-p' ? args.slice(1) : args, gate, depth);
    case 'exec':
      return args[0]?.startsWith('-') ? `uses an option not known to be read-only (exec ${args[0]})` : classifyRest(args, gate, depth);
    case 'nohup':
      return 'writes nohup.out (nohup)';
    case 'less':
    case 'more':
    case 'most':
      return `opens an interactive pager that can run commands (${name})`;
    case 'printf':
      return args.some((a) => /^-[^-]*v/.test(a)) ? 'sets a shell variable (printf -v)' : null;
    case 'date': {
      if (args.some((a) => /^-[uR]*s/.test(a) || isLongOption(a, ['set']))) return 'sets the clock (date -s)';
      const options = args.filter((a) => !a.startsWith('+'));
      if (options.some((a) => !a.startsWith('-'))) return 'sets the clock (date MMDDhhmm)';
      return checkOptions('date', options.map((a) => (/^-I/.test(a) ? '-u' : a)), OPTION_SPECS.date!);
    }
    case 'hostname':
      if (args.some((a) => /^-[^-]*[bF]/.test(a) || isLongOption(a, ['file', 'boot']))) return 'sets the host name (hostname)';
      return checkOptions('hostname', args, OPTION_SPECS.hostname!) === null ? null : 'sets the host name (hostname) or uses an option not known to be read-only';
    case 'ag':
      if (args.some((a) => isLongOption(a, ['pager'], 2))) return 'runs a pager program (ag --pager)';
      return checkOptions('ag', args, OPTION_SPECS.ag!);
    case 'nice': {
      const rest = skipOptions(args, new Set(['-n', '--adjustment']));
      return checkOptions('nice', args.slice(0, args.length - rest.length), OPTION_SPECS.nice!) ?? classifyRest(rest, gate, depth);
    }
    case 'timeout': {
      const rest = skipOptions(args, new Set(['-s', '--signal', '-k', '--kill-after']));
      return checkOptions('timeout', args.slice(0, args.length - rest.length), OPTION_SPECS.timeout!) ?? classifyRest(rest.slice(1), gate, depth);
    }
    case 'command':
      if ((args[0] === '-v' || args[0] === '-V') && args.length === 2) return null;
      if (args[0]?.startsWith('-')) return `uses an option not known to be read-only (command ${args[0]})`;
      return classifyRest(args, gate, depth);
    case 'cd':
      return cdReason(args);
    case 'xargs':
      return classifyXargs(args, gate, depth);
    case 'eval':
      return classifyLine(args.join(' '), gate, depth + 1);
    case 'find':
      return classifyFind(args);
    case 'file':
      if (args.some((a) => /^-[^-]*C/.test(a) || isLongOption(a, ['compile'], 3))) return 'writes a file (file -C)';
      return checkOptions('file', args, OPTION_SPECS.file!);
    case 'tree':
      if (args.some((a) => /^-[^-]*[oRH]/.test(a) || isLongOption(a, ['output']))) return 'writes a file (tree -o)';
      return checkOptions('tree', args, OPTION_SPECS.tree!);
    case 'rg':
      if (args.some((a) => isLongOption(a, ['pre'], 3) && !a.startsWith('--pre-'))) return 'runs a preprocessor program (rg --pre)';
      if (args.some((a) => isLongOption(a, ['hostname-bin'], 3))) return 'runs a program (rg --hostname-bin)';
      return checkOptions('rg', args, OPTION_SPECS.rg!);
    case 'git':
      return classifyGit(args);
    case 'sed':
      return classifySed(args) ?? checkOptions('sed', args, OPTION_SPECS.sed!);
    case 'sort':
      if (args.some((a) => isLongOption(a, ['compress-program'], 2))) return 'runs a program (sort --compress-program)';
      if (args.some((a) => /^-[^-]*o/.test(a) || isLongOption(a, ['output']))) return 'writes a file (sort -o)';
      return checkOptions('sort', args, OPTION_SPECS.sort!);
    case 'xxd':
      if (args.some((a) => /^-[^-]*r/.test(a) || a === '-revert')) return 'writes a file (xxd -r)';
      return checkOptions('xxd', args, OPTION_SPECS.xxd!)?.replace(/\(xxd with an output file\)|\(xxd -.\)/, '(xxd)') ?? null;
    case 'uniq':
      return checkOptions('uniq', args, OPTION_SPECS.uniq!);
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
      if (args[0] === 'list' && args.some((a) => /^-[^-]*[ou]/.test(a) || isLongOption(a, ['outdated', 'uptodate', 'index-url', 'extra-index-url']))) {
        return `reaches the network (${name} list --outdated)`;
      }
      return ['list', 'show', 'freeze', 'check'].includes(args[0] ?? '') ? null : `installs packages (${name} ${args[0] ?? ''})`.replace(' )', ')');
  }

  if (ANY_ARGUMENTS_SAFE.has(name) || name === 'pwd' || name === 'exit' || name === 'ps') return null;
  if (READ_ONLY.has(name)) return `is not a known read-only command (${name})`;
  if (DELETES.has(name)) return `deletes files (${name})`;
  if (WRITES.has(name)) return `writes files (${name})`;
  if (NETWORK.has(name)) return `reaches the network (${name})`;
  if (PACKAGE_MANAGERS.has(name)) return `installs or changes system packages (${name})`;
  if (PROCESS_CONTROL.has(name)) return `stops or controls processes (${name})`;
  if (INTERPRETERS.has(name)) return `runs a program or script (${[name, ...args].slice(0, 3).join(' ')})`;
  return `is not a known read-only command (${name})`;
}

/**
 * `cd` into the workspace's own folders is fine; leaving it (an absolute path,
 * `..` above the start, `~`, `-`) would let later relative paths reach places
 * the path checks cannot see.
 */
function cdReason(args: string[]): string | null {
  if (args.length === 0) return 'changes to the home folder (cd)';
  if (args.length > 1) return 'changes folder with options (cd)';
  const target = args[0]!;
  if (target.startsWith('/') || target.startsWith('~') || target === '-' || target.startsWith('-')) {
    return `changes to a folder outside the workspace (cd ${target})`;
  }
  if (path.posix.normalize(target).startsWith('..')) return `changes to a folder outside the workspace (cd ${target})`;
  return null;
}

/** Options a shell may get before -c without reading a file the agent could have written. */
const SHELL_OPTIONS_BEFORE_C = new Set(['-e', '-u', '-x', '-eu', '-ue', '-ex', '-xe', '-eux', '-euo', '--norc', '--noprofile', '-o', 'pipefail', 'errexit', 'nounset']);

function classifyShell(name: string, args: string[], gate: Gate, depth: number): string | null {
  if (isVersionQuery(args)) return null;
  const c = args.indexOf('-c');
  if (c >= 0 && args[c + 1] !== undefined && args.slice(0, c).every((a) => SHELL_OPTIONS_BEFORE_C.has(a))) {
    return classifyLine(args[c + 1]!, gate, depth + 1);
  }
  return `runs a shell script (${name})`;
}

function classifyRest(rest: string[], gate: Gate, depth: number): string | null {
  const words = dropAssignments(rest);
  if (words.length === 0) return null;
  const byPattern = patternAllows(words, gate);
  if (byPattern === null) return null;
  const reason = classifyWords(words, gate, depth + 1);
  return reason ? byPattern || reason : null;
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

function classifyEnv(args: string[], gate: Gate, depth: number): string | null {
  // `env` alone prints the environment; `env [-i] [-u NAME] [VAR=x] CMD` runs CMD.
  if (args.some((a) => /^-[^-]*S/.test(a) || isLongOption(a, ['split-string']))) return 'runs a command through env -S';
  const afterOptions = skipOptions(args, new Set(['-u', '--unset']));
  const optionReason = checkOptions('env', args.slice(0, args.length - afterOptions.length), OPTION_SPECS.env!);
  if (optionReason) return optionReason;
  const assignment = assignmentReason(afterOptions);
  if (assignment) return assignment;
  return classifyRest(dropAssignments(afterOptions), gate, depth);
}

/** Reads GNU xargs's options; returns the command it runs, or why approval is needed. */
function xargsCommand(args: string[]): string[] | string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args.slice(i + 1);
    if (!a.startsWith('-') || a === '-') return args.slice(i);
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq === -1 ? undefined : eq);
      if ((XARGS_SPEC.longValued as readonly string[]).includes(name)) {
        if (eq === -1) i++;
        continue;
      }
      if ((XARGS_SPEC.longOptionalAttached as readonly string[]).includes(name) || ((XARGS_SPEC.long as readonly string[]).includes(name) && eq === -1)) continue;
      const all = [...XARGS_SPEC.long, ...XARGS_SPEC.longValued, ...XARGS_SPEC.longOptionalAttached];
      if (all.some((full) => full.startsWith(name))) return `abbreviates a long option (xargs --${name}); only full option names are checked`;
      return `uses an option not known to be read-only (xargs --${name})`;
    }
    for (let j = 1; j < a.length; j++) {
      const flag = a[j]!;
      // -e, -i, -l take a value only when it is attached: `xargs -l sh` runs sh.
      if (XARGS_SPEC.optionalAttached.includes(flag)) break;
      if (XARGS_SPEC.valued.includes(flag)) {
        if (j + 1 === a.length) i++;
        break;
      }
      if (!XARGS_SPEC.flags.includes(flag)) return `uses an option not known to be read-only (xargs -${flag})`;
    }
  }
  return [];
}

function classifyXargs(args: string[], gate: Gate, depth: number): string | null {
  const parsed = xargsCommand(args);
  if (typeof parsed === 'string') return parsed;
  const rest = dropAssignments(parsed);
  if (rest.length === 0) return null; // xargs alone runs echo
  if (parsed.length !== rest.length) return assignmentReason(parsed) ?? 'sets variables for the command xargs runs';
  const reason = classifyRest(rest, gate, depth);
  if (reason) return reason;
  // xargs adds words from its input, which may be options: `echo -delete | xargs find .`.
  const name = commandName(rest[0]!);
  if (!ANY_ARGUMENTS_SAFE.has(name)) {
    return `runs ${name} with arguments from its input (xargs ${name}), which could turn into options`;
  }
  return null;
}

function classifyFind(args: string[]): string | null {
  let i = 0;
  while (i < args.length && FIND_LEADING.has(args[i]!)) i++;
  // Starting points come before the first primary.
  while (i < args.length && !args[i]!.startsWith('-') && !['(', ')', '!', ','].includes(args[i]!)) i++;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (FIND_TESTS_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (FIND_TESTS.has(a) || /^-newer[amcBt][amcBt]$/.test(a)) continue;
    if (a === '-delete') return 'deletes files (find -delete)';
    if (/^-(exec|execdir|ok|okdir|fprint|fprint0|fprintf|fls)$/.test(a)) return `runs or writes through find ${a}`;
    return `uses a find expression not known to be read-only (find ${a})`;
  }
  return null;
}

function classifySed(args: string[]): string | null {
  // Collect the scripts the way GNU sed reads its options (clusters such as
  // `-ne`, attached values, long options and their abbreviations).
  const scripts: string[] = [];
  const files: string[] = [];
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (optionsDone || !a.startsWith('-') || a === '-') {
      files.push(a);
      continue;
    }
    if (a === '--') {
      optionsDone = true;
      continue;
    }
    if (a.startsWith('--')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined;
      if (isLongOption(a, ['in-place'])) return 'edits files in place (sed -i)';
      if (isLongOption(a, ['file'])) return 'runs a sed script file';
      if (isLongOption(a, ['expression'], 2)) scripts.push(value ?? args[++i] ?? '');
      else if (isLongOption(a, ['line-length'], 2) && value === undefined) i++;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const flag = a[j]!;
      if (flag === 'i') return 'edits files in place (sed -i)';
      if (flag === 'f') return 'runs a sed script file';
      if (flag === 'e' || flag === 'l') {
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i] ?? '';
        if (flag === 'e') scripts.push(value);
        break;
      }
    }
  }
  if (scripts.length === 0 && files.length > 0) scripts.push(files[0]!);
  for (const script of scripts) {
    const reason = sedScriptReason(script);
    if (reason) return reason;
  }
  return null;
}

/**
 * Reads a sed script command by command and says whether it writes a file
 * (`w`, `W`, the s///w flag) or runs one (`e`, the s///e flag). Anything it
 * does not understand counts as unsafe.
 */
function sedScriptReason(script: string): string | null {
  const unsafe = 'writes or runs through a sed script';
  let i = 0;
  const n = script.length;
  const skipDelimited = (delimiter: string): boolean => {
    // Reads up to an unescaped delimiter; false when it never comes.
    while (i < n && script[i] !== delimiter) {
      if (script[i] === '\\') i++;
      if (script[i] === '\n' && delimiter !== '\n') return false;
      i++;
    }
    if (i >= n) return false;
    i++;
    return true;
  };
  const skipToLineEnd = () => {
    while (i < n && script[i] !== '\n') i++;
  };
  while (i < n) {
    const c = script[i]!;
    if (/[\s;{}]/.test(c)) {
      i++;
      continue;
    }
    // Addresses: numbers, $, /re/, \cREc, first~step, addr,+N, addr,~N, !, and /re/I or /re/M.
    if (/[0-9$,~+!]/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' || c === '\\') {
      if (c === '\\') i++;
      const delimiter = script[i];
      if (delimiter === undefined) return unsafe;
      i++;
      if (!skipDelimited(delimiter)) return unsafe;
      while (i < n && /[IM]/.test(script[i]!)) i++;
      continue;
    }
    i++;
    switch (c) {
      case 's':
      case 'y': {
        const delimiter = script[i];
        if (delimiter === undefined || delimiter === '\n' || delimiter === '\\') return unsafe;
        i++;
        if (!skipDelimited(delimiter) || !skipDelimited(delimiter)) return unsafe;
        if (c === 's') {
          for (; i < n && /[0-9gpiImMwe]/.test(script[i]!); i++) if (/[we]/.test(script[i]!)) return unsafe;
        }
        break;
      }
      case 'w':
      case 'W':
      case 'e':
        return unsafe;
      case 'a':
      case 'i':
      case 'c':
      case 'r':
      case 'R':
      case '#':
        skipToLineEnd();
        break;
      case 'b':
      case 't':
      case 'T':
      case ':':
        while (i < n && !/[;\n]/.test(script[i]!)) i++;
        break;
      case 'q':
      case 'Q':
      case 'l':
      case 'L':
        while (i < n && /[0-9\s]/.test(script[i]!) && script[i] !== '\n') i++;
        break;
      case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'x':
      case 'n': case 'N': case 'p': case 'P': case 'z': case 'F':
        break;
      default:
        return unsafe;
    }
  }
  return null;
}

/** git's global options that change only how it prints or matches paths. */
const GIT_GLOBAL_FLAGS = new Set(['--no-pager', '-P', '-p', '--paginate', '--no-replace-objects', '--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks', '--no-advice']);

/**
 * Options of git's read-only subcommands that only choose what is shown.
 * Left out on purpose: --output, --ext-diff, --textconv and --filters (run
 * programs named in config), --open-files-in-pager, --show-signature (runs
 * gpg.program), --recurse-submodules (other repositories' config), --no-index
 * (any file), --exec and anything git might add later.
 */
const GIT_READ_OPTIONS = {
  flags: 'pusSbwvqnlLerdtaicCmMzHhEFGNWRBDTIxkXU0123456789',
  valued: 'nSGULeA',
  long: [
    'oneline', 'graph', 'no-decorate', 'all', 'shortstat', 'numstat', 'name-only', 'name-status', 'summary', 'patch', 'no-patch', 'raw',
    'cached', 'staged', 'no-color', 'color-words', 'ignore-all-space', 'ignore-space-change', 'ignore-space-at-eol', 'ignore-blank-lines',
    'ignore-cr-at-eol', 'reverse', 'first-parent', 'merges', 'no-merges', 'follow', 'full-history', 'abbrev-commit', 'no-abbrev-commit',
    'relative-date', 'date-order', 'topo-order', 'author-date-order', 'long', 'branch', 'show-stash', 'ahead-behind', 'no-ahead-behind',
    'verbose', 'quiet', 'exit-code', 'no-ext-diff', 'no-textconv', 'check', 'minimal', 'patience', 'histogram', 'full-index', 'binary',
    'no-renames', 'cc', 'combined-all-paths', 'left-right', 'cherry-pick', 'cherry-mark', 'cherry', 'boundary', 'source', 'all-match',
    'invert-grep', 'regexp-ignore-case', 'extended-regexp', 'fixed-strings', 'basic-regexp', 'perl-regexp', 'pickaxe-regex', 'pickaxe-all',
    'no-walk', 'simplify-by-decoration', 'ancestry-path', 'no-notes', 'name', 'heads', 'hash', 'verify', 'head', 'dereference', 'count',
    'others', 'modified', 'deleted', 'stage', 'exclude-standard', 'error-unmatch', 'full-name', 'line-number', 'heading', 'break',
    'files-with-matches', 'files-without-match', 'ignore-case', 'and', 'or', 'not', 'function-context', 'no-prefix', 'show-toplevel',
    'show-prefix', 'show-cdup', 'git-dir', 'git-common-dir', 'is-inside-work-tree', 'is-inside-git-dir', 'is-bare-repository',
    'symbolic-full-name', 'show-current', 'list', 'full-tree', 'object-only', 'line-porcelain', 'incremental', 'root', 'show-email',
    'show-name', 'show-number', 'keep', 'no-color-moved', 'no-stat', 'irreversible-delete', 'text', 'ita-invisible-in-index', 'untracked',
    'renames', 'merge-base', 'independent', 'is-ancestor', 'octopus', 'always', 'exact-match', 'contains', 'candidates', 'no-abbrev',
    'local-env-vars', 'absolute-git-dir', 'show-object-format', 'sq', 'sq-quote', 'default', 'no-flags', 'flags', 'revs-only', 'no-revs',
    'objects', 'in-commit-order', 'timestamp', 'numbered', 'email', 'committer', 'no-optional-locks', 'help', 'version', 'max-parents',
    'min-parents', 'no-max-parents', 'no-min-parents', 'unmerged', 'killed', 'directory', 'no-empty-directory', 'eol', 'deduplicate',
    'sparse', 'no-column', 'null', 'show-pulls',
  ],
  longValued: [
    'pretty', 'format', 'date', 'output-indicator-new', 'output-indicator-old', 'output-indicator-context', 'since', 'until', 'after', 'before', 'author', 'committer', 'grep', 'max-count', 'skip', 'diff-filter',
    'decorate-refs', 'decorate-refs-exclude', 'unified', 'inter-hunk-context', 'src-prefix', 'dst-prefix', 'line-prefix', 'glob', 'exclude',
    'sort', 'points-at', 'merged', 'no-merged', 'contains', 'no-contains', 'ignore-submodules', 'stat-width', 'stat-name-width',
    'stat-count', 'stat-graph-width', 'word-diff-regex', 'ws-error-highlight', 'encoding', 'max-depth', 'threads', 'context',
    'after-context', 'before-context', 'regexp', 'anchored', 'diff-algorithm', 'match', 'path-format', 'candidates', 'first-parent',
    'default', 'prefix', 'since-as-filter', 'format-patch', 'score-debug', 'object-format', 'show-linear-break', 'group', 'orderfile',
    'rotate-to', 'skip-to', 'find-object', 'pickaxe', 'ignore-matching-lines', 'left-only', 'right-only',
  ],
  numbers: true,
  longOptional: [
    'abbrev', 'untracked-files', 'dirstat', 'relative', 'color', 'color-moved', 'word-diff', 'find-renames', 'find-copies', 'break-rewrites', 'submodule', 'notes', 'show-notes', 'branches', 'tags', 'remotes', 'dirty', 'broken', 'short', 'abbrev-ref', 'decorate', 'porcelain', 'ignored', 'column', 'stat', 'expand-tabs',
  ],
} as const;

function classifyGit(args: string[]): string | null {
  // Global options come before the subcommand; -c can set an alias or pager that runs code.
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    const opt = args[i]!;
    if (opt.startsWith('-c') || opt.startsWith('--config-env') || opt.startsWith('--exec-path')) return `changes git's configuration for one command (git ${opt})`;
    // Another repository's config (any folder the agent wrote) could name programs to run.
    if (opt.startsWith('--git-dir') || opt.startsWith('--work-tree') || opt === '--bare') return `uses another git directory (git ${opt})`;
    // Another folder may hold a repository the agent wrote, whose config names a pager or external diff.
    if (opt === '-C') return `runs git in another folder (git -C ${args[i + 1] ?? ''}), whose configuration could name programs to run`;
    if (!GIT_GLOBAL_FLAGS.has(opt)) return `uses a git option not known to be read-only (git ${opt})`;
    i++;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === undefined) return null;
  // git accepts unique abbreviations of long options: --out=f is --output=f.
  if (rest.some((a) => isLongOption(a, ['output']))) return `writes a file (git ${sub} --output)`;
  if (rest.some((a) => isLongOption(a, ['ext-diff']))) return `runs an external diff program (git ${sub} --ext-diff)`;
  if (GIT_READ_ONLY.has(sub)) {
    if (sub === 'grep' && rest.some((a) => /^-[^-]*O/.test(a) || isLongOption(a, ['open-files-in-pager']))) return 'opens files in a program (git grep -O)';
    if (sub === 'help' && rest.some((a) => /^-[^-]*[wi]/.test(a) || isLongOption(a, ['web', 'info']))) return 'opens a browser or viewer (git help --web)';
    return checkOptions(`git ${sub}`, rest, GIT_READ_OPTIONS);
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
      return gitConfigReadOnly(rest) ? null : 'changes git configuration (git config)';
    case 'clean':
      // -n / --dry-run only lists what would go; -i asks questions, -f deletes.
      return rest.some((a) => /^-[^-]*n/.test(a) || a === '--dry-run') && !rest.some((a) => /^-[^-]*i/.test(a) || a === '--interactive')
        ? null
        : 'deletes untracked files (git clean)';
    case 'worktree':
      return rest[0] === 'list' ? null : 'changes worktrees (git worktree)';
    default:
      return `changes the repository (git ${sub})`;
  }
}

/** `git config --get x`, `git config --list`, `git config get x`: reads only, with no action that writes. */
function gitConfigReadOnly(rest: string[]): boolean {
  const reads = ['--get', '--get-all', '--list', '-l', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool'];
  const writes = ['--add', '--unset', '--unset-all', '--replace-all', '--rename-section', '--remove-section', '--edit', '-e'];
  if (rest.some((a) => writes.includes(a) || writes.some((w) => w.startsWith('--') && a.startsWith(w + '=')))) return false;
  if (rest[0] === 'get' || rest[0] === 'list') return true;
  const action = rest.filter((a) => reads.includes(a));
  if (action.length !== 1) return false;
  // `--get name`: one name (and an optional value pattern); `--list`: nothing after.
  const values = rest.filter((a) => !a.startsWith('-'));
  return action[0] === '--list' || action[0] === '-l' ? values.length === 0 : values.length <= 2;
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
  // view / info / show ask the registry: they reach the network.
  // help is left out: a project's .npmrc can point its viewer at any program.
  const readOnly = ['ls', 'list', 'why', 'root', 'prefix', 'explain', '-v', '--version', 'version', 'bin'];
  if (readOnly.includes(sub) && !(sub === 'version' && args.length > 1)) return null;
  if (sub === 'config' && (args[1] === 'get' || args[1] === 'list' || args[1] === 'ls')) return null;
  if (['install', 'i', 'ci', 'add', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'link', 'dedupe', 'prune'].includes(sub)) {
    return `installs or changes packages (${tool} ${sub})`;
  }
  if (['publish', 'unpublish', 'login', 'logout', 'adduser', 'deprecate', 'dist-tag', 'owner', 'access', 'outdated', 'audit', 'view', 'info', 'show', 'search', 'ping', 'doctor'].includes(sub)) {
    return `reaches the network (${tool} ${sub})`;
  }
  if (sub === 'run' || sub === 'run-script') return `runs a script (${tool} run ${args[1] ?? ''})`.replace(' )', ')');
  if (['test', 't', 'start', 'stop', 'restart', 'exec', 'x', 'dlx', 'create', 'init'].includes(sub)) return `runs a script (${tool} ${sub})`;
  // `yarn build` runs the "build" script.
  return `runs a script or command (${tool} ${sub})`;
}

/**
 * A user pattern such as `npm test` matches exactly that command: no extra
 * arguments, since `npm test --script-shell=python3` or `make test --eval=..`
 * run something else. Words may be globs (`npm run test:*`); only a final
 * `*` lets more words follow (`npm run *`).
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
  return words.length === patternWords.length;
}

function globMatch(word: string, pattern: string): boolean {
  if (!/[*?[\]{}]/.test(pattern)) return word === pattern;
  return picomatch.isMatch(word, pattern, { dot: true, bash: true });
}
