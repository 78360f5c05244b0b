// Turns a shell command line into simple commands (words + redirects) with
// shell-quote, so the approval gate reasons about what the shell would run
// rather than pattern-matching the raw text.

import { parse } from 'shell-quote';

/** Marks a `$VAR` in a word; an empty name marks `$(`, `$((` or a bare `$`. */
const VAR_MARK = '\u0001';
const SUBSTITUTION_MARK = VAR_MARK + VAR_MARK;

export interface Redirect {
  op: string;
  /** The word after the operator (a file, an fd number, a heredoc delimiter). */
  target: string | null;
}

export interface SimpleCommand {
  /** Words as the shell would pass them, variables shown as `$NAME`. */
  words: string[];
  redirects: Redirect[];
  /**
   * A word the shell expands into words we cannot see (a glob such as `*`
   * that may match a file named `-delete`, or a brace expansion `-{a,b}`).
   */
  expands: boolean;
  /**
   * Per word (same order as `words`): true when the shell changes the word
   * before the program sees it (a variable, `~`, a glob or a brace
   * expansion), so its real value is unknown to the checker.
   */
  dynamic: boolean[];
}

export interface ParsedCommandLine {
  commands: SimpleCommand[];
  /** Things that make the line run code we cannot see: `$(...)`, backticks, `<(...)`. */
  hazards: string[];
  /** Operators joining the commands (`&&`, `|`, ...), for messages only. */
  operators: string[];
  /** Names of the variables the line expands (`$HOME` gives "HOME"). */
  variables: string[];
}

/** A glob that could match a name starting with "-" (so `./*` and `src/*` cannot). */
function globMayMatchOption(pattern: string): boolean {
  return /^[-*?[]/.test(pattern);
}

/** `{a,b}` or `{1..3}`: quoted or not (shell-quote no longer says), to be safe. */
function hasBraceExpansion(word: string): boolean {
  return /\{[^{}]*(,|\.\.)[^{}]*\}/.test(word);
}

const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '(', ')']);
const REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>', '>&', '<', '<<', '<<<', '<&', '<>']);

/** Stands for a `{` inside quotes, which brace expansion leaves alone. */
const QUOTED_BRACE = '\ue000';
/** Stands for a `[` inside quotes or escaped, which globbing leaves alone (shell-quote does not see `[...]` globs at all). */
const QUOTED_BRACKET = '\ue001';

/** An unquoted `[...]` bracket glob (`-delet[e]`), which shell-quote passes as a plain word. */
function hasBracketGlob(word: string): boolean {
  return /\[[^\]]*\]/.test(word);
}

/** Marks an fd number written against its redirect (`2>`), so it is not taken for an argument. */
const FD_MARK = '\u0002';

export interface SplitLines {
  lines: string[];
  /** Reasons the text cannot be checked faithfully (unclosed quote, here-document...). */
  hazards: string[];
}

const WORD_BREAK = /[\s;&|()<>]/;

/**
 * Splits at newlines that are not inside quotes (and drops backslash-newline
 * continuations): the shell runs each line as its own command, while
 * shell-quote would read a newline as plain whitespace. It also smooths over
 * places where shell-quote reads differently from bash, since a gap there is a
 * way past the gate:
 * - a `#` starts a comment only at the start of a word (`echo a#; rm x` runs
 *   rm), and a comment ends at the newline even when it holds a quote;
 * - `$'...'` quotes may hold `\'`;
 * - `2>f` (fd 2) differs from `2 >f` (an argument "2"): the fd gets FD_MARK.
 */
export function splitCommandLines(command: string): SplitLines {
  const lines: string[] = [];
  const hazards = new Set<string>();
  let current = '';
  let quote: "'" | '"' | "$'" | null = null;
  const atWordStart = () => current === '' || WORD_BREAK.test(current[current.length - 1]!);
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(ch)) hazards.add('contains control characters');
    if (quote !== null && ch === '{') {
      current += QUOTED_BRACE;
      continue;
    }
    if (quote !== null && ch === '[') {
      current += QUOTED_BRACKET;
      continue;
    }
    if (quote === "'") {
      current += ch;
      if (ch === "'") quote = null;
      continue;
    }
    if (quote === "$'") {
      current += ch;
      if (ch === '\\' && i + 1 < command.length) current += command[++i]!;
      else if (ch === "'") quote = null;
      continue;
    }
    if (ch === '\\') {
      const next = command[i + 1];
      if (next === '\n') {
        i++;
        continue;
      }
      current += ch + (next === '[' ? QUOTED_BRACKET : next ?? '');
      i++;
      continue;
    }
    if (quote === '"') {
      current += ch;
      if (ch === '"') quote = null;
      continue;
    }
    if (ch === '$' && command[i + 1] === "'") {
      quote = "$'";
      current += "$'";
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === '#') {
      if (current.endsWith('$')) {
        current += ch; // `$#`, the number of arguments
        continue;
      }
      if (atWordStart()) {
        // A comment: skip to the end of the line, quotes and all.
        while (i + 1 < command.length && command[i + 1] !== '\n') i++;
        continue;
      }
      current += '\\#';
      continue;
    }
    if (/[0-9]/.test(ch) && atWordStart() && !/[<>]&?$/.test(current)) {
      let j = i;
      while (j < command.length && /[0-9]/.test(command[j]!)) j++;
      if (command[j] === '>' || command[j] === '<') {
        current += FD_MARK + command.slice(i, j) + ' ';
        i = j - 1;
        continue;
      }
    }
    if (ch === '<' && command[i + 1] === '<' && command[i + 2] !== '<' && command[i - 1] !== '<') {
      hazards.add('uses a here-document (<<), whose lines cannot be checked');
    }
    if (ch === '\n' || ch === '\r') {
      if (current.trim()) lines.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (quote !== null) hazards.add('has a quote that is never closed');
  if (current.trim()) lines.push(current);
  return { lines, hazards: [...hazards] };
}

function showVariables(word: string): string {
  return word
    .split(QUOTED_BRACKET)
    .join('[')
    .split(QUOTED_BRACE)
    .join('{').split(SUBSTITUTION_MARK).join('$(').replace(/\u0001([^\u0001]*)\u0001/g, '$$$1');
}

export function parseCommandLine(command: string): ParsedCommandLine {
  const commands: SimpleCommand[] = [];
  const hazards = new Set<string>();
  const operators: string[] = [];
  const variables = new Set<string>();
  let current: SimpleCommand = { words: [], redirects: [], expands: false, dynamic: [] };
  const finish = () => {
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [], expands: false, dynamic: [] };
  };

  const split = splitCommandLines(command);
  for (const hazard of split.hazards) hazards.add(hazard);
  for (const line of split.lines) {
    const entries = parse(line, (name: string) => {
      if (name) variables.add(name);
      return VAR_MARK + name + VAR_MARK;
    });
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (typeof entry === 'string') {
        if (entry.includes(SUBSTITUTION_MARK)) hazards.add('runs a command substitution $(...)');
        if (entry.includes('`')) hazards.add('runs a command substitution in backticks');
        const next = entries[i + 1];
        if (entry.startsWith(FD_MARK) && next && typeof next === 'object' && 'op' in next && REDIRECTS.has(next.op as string)) {
          continue; // `2>`: the fd of the redirect that follows, not an argument
        }
        const bracket = hasBracketGlob(entry);
        if (hasBraceExpansion(entry) || (bracket && /^[-[]/.test(entry))) current.expands = true;
        current.dynamic.push(entry.includes(VAR_MARK) || bracket || hasBraceExpansion(entry) || entry.startsWith('~'));
        current.words.push(showVariables(entry));
        continue;
      }
      if ('comment' in entry) {
        hazards.add('has a comment the checker cannot place'); // splitCommandLines removes real comments
        continue;
      }
      if (entry.op === 'glob') {
        const pattern = (entry as { pattern: string }).pattern;
        if (globMayMatchOption(pattern) || hasBraceExpansion(pattern)) current.expands = true;
        current.dynamic.push(true);
        current.words.push(showVariables(pattern));
        continue;
      }
      const op = entry.op as string;
      if (op === '<(' || op === '>(') {
        hazards.add(`runs a process substitution ${op}...)`);
        operators.push(op);
        finish();
        continue;
      }
      if (SEPARATORS.has(op)) {
        operators.push(op);
        finish();
        continue;
      }
      if (REDIRECTS.has(op)) {
        const next = entries[i + 1];
        let target: string | null = null;
        if (typeof next === 'string') {
          target = showVariables(next);
          if (next.includes(SUBSTITUTION_MARK)) hazards.add('runs a command substitution $(...)');
          i++;
        } else if (next && typeof next === 'object' && 'op' in next && next.op === 'glob') {
          target = (next as { pattern: string }).pattern.split(QUOTED_BRACE).join('{');
          i++;
        }
        current.redirects.push({ op, target });
        continue;
      }
      // Any operator we do not know ends the command, to be safe.
      operators.push(op);
      finish();
    }
    operators.push('\n');
    finish();
  }
  finish();
  return { commands, hazards: [...hazards], operators, variables: [...variables] };
}
