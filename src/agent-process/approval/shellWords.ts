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
}

export interface ParsedCommandLine {
  commands: SimpleCommand[];
  /** Things that make the line run code we cannot see: `$(...)`, backticks, `<(...)`. */
  hazards: string[];
  /** Operators joining the commands (`&&`, `|`, ...), for messages only. */
  operators: string[];
}

const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '(', ')']);
const REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>', '>&', '<', '<<', '<<<', '<&', '<>']);

/**
 * Splits at newlines that are not inside quotes (and drops backslash-newline
 * continuations): the shell runs each line as its own command, while
 * shell-quote would read a newline as plain whitespace.
 */
export function splitCommandLines(command: string): string[] {
  const lines: string[] = [];
  let current = '';
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote === "'") {
      current += ch;
      if (ch === "'") quote = null;
      continue;
    }
    if (ch === '\\') {
      const next = command[i + 1];
      if (next === '\n') {
        i++;
        continue;
      }
      current += ch + (next ?? '');
      i++;
      continue;
    }
    if (quote === '"') {
      current += ch;
      if (ch === '"') quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      if (current.trim()) lines.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) lines.push(current);
  return lines;
}

function showVariables(word: string): string {
  return word.split(SUBSTITUTION_MARK).join('$(').replace(/\u0001([^\u0001]*)\u0001/g, '$$$1');
}

export function parseCommandLine(command: string): ParsedCommandLine {
  const commands: SimpleCommand[] = [];
  const hazards = new Set<string>();
  const operators: string[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };
  const finish = () => {
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [] };
  };

  for (const line of splitCommandLines(command)) {
    const entries = parse(line, (name: string) => VAR_MARK + name + VAR_MARK);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (typeof entry === 'string') {
        if (entry.includes(SUBSTITUTION_MARK)) hazards.add('runs a command substitution $(...)');
        if (entry.includes('`')) hazards.add('runs a command substitution in backticks');
        current.words.push(showVariables(entry));
        continue;
      }
      if ('comment' in entry) continue;
      if (entry.op === 'glob') {
        current.words.push((entry as { pattern: string }).pattern);
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
        // `2>&1` arrives as "2", ">&", "1": the fd number is not an argument.
        const last = current.words[current.words.length - 1];
        if (last !== undefined && /^\d+$/.test(last)) current.words.pop();
        const next = entries[i + 1];
        let target: string | null = null;
        if (typeof next === 'string') {
          target = showVariables(next);
          if (next.includes(SUBSTITUTION_MARK)) hazards.add('runs a command substitution $(...)');
          i++;
        } else if (next && typeof next === 'object' && 'op' in next && next.op === 'glob') {
          target = (next as { pattern: string }).pattern;
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
  return { commands, hazards: [...hazards], operators };
}
