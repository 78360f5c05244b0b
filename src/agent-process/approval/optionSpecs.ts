// Allow-lists of options for programs the gate lets run without approval.
// An option that is not on a program's list, and any abbreviated GNU long
// option (`--outp` for `--output`), needs approval: the gate says yes only
// to what it knows, so a new or forgotten option fails closed.

export interface OptionSpec {
  /** Short flags that take no value (`-n`), written together or apart. */
  flags?: string;
  /** Short options that take a value, attached (`-n5`) or as the next word. */
  valued?: string;
  /** Long options without a value, exact names without the dashes. */
  long?: readonly string[];
  /** Long options with a value (`--name=v` or `--name v`). */
  longValued?: readonly string[];
  /** Long options whose value is optional and only ever attached (`--name` or `--name=v`). */
  longOptional?: readonly string[];
  /** `-5` style numbers (head, tail, nice). */
  numbers?: boolean;
  /** Most positional words the program may get (uniq and xxd write to their second). */
  maxPositionals?: number;
}

export interface ParsedOptions {
  positionals: string[];
  /** Long option names given (full names), and short flags as `-x`. */
  given: string[];
}

/** Returns why `args` need approval for `program`, or null when every option is on its list. */
export function checkOptions(program: string, args: readonly string[], spec: OptionSpec): string | null {
  const result = parseOptions(program, args, spec);
  if (typeof result === 'string') return result;
  if (spec.maxPositionals !== undefined && result.positionals.length > spec.maxPositionals) {
    return `writes a file (${program} with an output file)`;
  }
  return null;
}

export function parseOptions(program: string, args: readonly string[], spec: OptionSpec): ParsedOptions | string {
  const positionals: string[] = [];
  const given: string[] = [];
  const long = spec.long ?? [];
  const longValued = spec.longValued ?? [];
  const longOptional = spec.longOptional ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a === '-' || !a.startsWith('-')) {
      positionals.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq === -1 ? undefined : eq);
      if (longValued.includes(name)) {
        if (eq === -1) i++;
        given.push(name);
        continue;
      }
      if ((long.includes(name) && eq === -1) || longOptional.includes(name)) {
        given.push(name);
        continue;
      }
      if (long.includes(name)) return `gives a value to an option that takes none (${program} --${name})`;
      if ([...long, ...longValued, ...longOptional].some((full) => full.startsWith(name))) {
        return `abbreviates a long option (${program} --${name}); only full option names are checked`;
      }
      return `uses an option not known to be read-only (${program} --${name})`;
    }
    if (spec.numbers && /^-\d+$/.test(a)) continue;
    for (let j = 1; j < a.length; j++) {
      const flag = a[j]!;
      if (spec.valued?.includes(flag)) {
        if (j + 1 === a.length) i++;
        given.push('-' + flag);
        break;
      }
      if (!spec.flags?.includes(flag)) return `uses an option not known to be read-only (${program} -${flag})`;
      given.push('-' + flag);
    }
  }
  return { positionals, given };
}

export const OPTION_SPECS: Record<string, OptionSpec> = {
  sort: {
    flags: 'bdfgiMhnRrVcCmsuz',
    valued: 'ktS',
    long: [
      'ignore-leading-blanks', 'dictionary-order', 'ignore-case', 'general-numeric-sort', 'ignore-nonprinting',
      'month-sort', 'human-numeric-sort', 'numeric-sort', 'random-sort', 'reverse', 'version-sort', 'merge',
      'stable', 'unique', 'zero-terminated', 'debug',
    ],
    longValued: ['key', 'field-separator', 'buffer-size', 'sort', 'check', 'parallel', 'random-source'],
  },
  uniq: {
    flags: 'cdDiuz',
    valued: 'fsw',
    long: ['count', 'repeated', 'ignore-case', 'unique', 'zero-terminated'],
    longValued: ['skip-fields', 'skip-chars', 'check-chars', 'all-repeated', 'group'],
    maxPositionals: 1,
  },
  tree: {
    flags: 'adlfxiqNQpugshDFvtcUrCASJXn',
    valued: 'LPI',
    long: ['gitignore', 'matchdirs', 'ignore-case', 'noreport', 'du', 'si', 'inodes', 'device', 'dirsfirst', 'filesfirst', 'prune', 'info', 'metafirst', 'fflinks', 'hintro', 'noindent'],
    longValued: ['charset', 'filelimit', 'sort', 'timefmt'],
  },
  file: {
    flags: 'biLhzZskrN0nlSdE',
    valued: 'emFfP',
    long: ['mime', 'mime-type', 'mime-encoding', 'brief', 'dereference', 'no-dereference', 'uncompress', 'uncompress-noreport', 'special-files', 'keep-going', 'raw', 'no-pad', 'print0', 'extension', 'apple', 'no-sandbox', 'debug'],
    longValued: ['exclude', 'exclude-quiet', 'separator', 'magic-file', 'files-from', 'parameter'],
  },
  date: {
    flags: 'uR',
    valued: 'dfr',
    long: ['utc', 'universal', 'rfc-email', 'debug', 'rfc-2822'],
    longValued: ['date', 'file', 'reference', 'iso-8601', 'rfc-3339'],
  },
  hostname: {
    flags: 'siIdfAay',
    long: ['short', 'ip-address', 'all-ip-addresses', 'domain', 'fqdn', 'long', 'all-fqdns', 'alias', 'yp', 'nis'],
    maxPositionals: 0,
  },
  rg: {
    flags: 'iSswxvnNlcoFHILpUPza0qbuhV.',
    valued: 'efgtTABCmMjEr',
    long: [
      'files', 'hidden', 'no-hidden', 'no-ignore', 'no-ignore-vcs', 'no-ignore-parent', 'no-ignore-dot', 'no-ignore-global', 'no-ignore-exclude', 'no-ignore-files',
      'ignore-case', 'smart-case', 'case-sensitive', 'word-regexp', 'line-regexp', 'invert-match', 'line-number', 'no-line-number',
      'files-with-matches', 'files-without-match', 'count', 'count-matches', 'only-matching', 'fixed-strings', 'with-filename',
      'no-filename', 'follow', 'json', 'vimgrep', 'heading', 'no-heading', 'column', 'no-column', 'trim', 'stats', 'multiline',
      'multiline-dotall', 'pcre2', 'type-list', 'debug', 'trace', 'no-messages', 'null', 'null-data', 'text', 'binary', 'pretty', 'passthru',
      'quiet', 'unrestricted', 'byte-offset', 'crlf', 'glob-case-insensitive', 'one-file-system', 'no-config', 'sort-files',
      'max-columns-preview', 'no-unicode', 'search-zip', 'auto-hybrid-regex', 'no-require-git', 'help', 'version',
    ],
    longValued: [
      'type', 'type-not', 'glob', 'iglob', 'regexp', 'file', 'after-context', 'before-context', 'context', 'max-count', 'max-columns',
      'max-depth', 'max-filesize', 'threads', 'color', 'colors', 'sort', 'sortr', 'replace', 'encoding', 'pre-glob', 'engine',
      'field-match-separator', 'field-context-separator', 'context-separator', 'path-separator', 'type-add', 'type-clear', 'ignore-file', 'regex-size-limit', 'dfa-size-limit',
    ],
  },
  ag: {
    flags: 'isSwvlLcoQgGuUtafnH',
    valued: 'ABCmG',
    long: [
      'hidden', 'ignore-case', 'case-sensitive', 'smart-case', 'literal', 'word-regexp', 'files-with-matches', 'files-without-matches',
      'count', 'only-matching', 'nocolor', 'color', 'nogroup', 'group', 'noheading', 'heading', 'stats', 'follow', 'vimgrep', 'column',
      'numbers', 'nonumbers', 'filename', 'nofilename', 'all-types', 'unrestricted', 'skip-vcs-ignores', 'search-binary', 'silent',
    ],
    longValued: ['depth', 'max-count', 'context', 'after', 'before', 'ignore', 'file-search-regex'],
  },
  xxd: {
    flags: 'abCEeipuhvd',
    valued: 'cglnosR',
    maxPositionals: 1,
  },
  env: {
    flags: 'i0',
    valued: 'u',
    long: ['ignore-environment', 'null'],
    longValued: ['unset'],
  },
  timeout: {
    flags: 'v',
    valued: 'sk',
    long: ['preserve-status', 'foreground', 'verbose'],
    longValued: ['signal', 'kill-after'],
  },
  nice: { valued: 'n', longValued: ['adjustment'], numbers: true },
  sed: {
    flags: 'nErsuz',
    valued: 'el',
    long: ['quiet', 'silent', 'regexp-extended', 'separate', 'unbuffered', 'null-data', 'posix', 'debug', 'sandbox', 'binary'],
    longValued: ['expression', 'line-length'],
  },
};

/** xargs (GNU findutils): -e, -i and -l take a value only when attached. */
export const XARGS_SPEC = {
  flags: '0rtxpo',
  valued: 'adEILnPs',
  optionalAttached: 'eil',
  long: ['null', 'no-run-if-empty', 'verbose', 'exit', 'show-limits', 'interactive', 'open-tty'],
  longValued: ['arg-file', 'delimiter', 'max-args', 'max-procs', 'max-chars'],
  longOptionalAttached: ['eof', 'replace', 'max-lines'],
} as const;

/**
 * find's primaries that only test or print (to standard output). Anything
 * else, `-delete`, `-exec`, `-fprint` and spellings the checker does not
 * know included, needs approval.
 */
export const FIND_TESTS_WITH_VALUE = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-regextype', '-type', '-xtype',
  '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-perm', '-user', '-group',
  '-uid', '-gid', '-links', '-inum', '-samefile', '-maxdepth', '-mindepth', '-lname', '-ilname', '-fstype', '-used', '-printf',
  '-context',
]);
export const FIND_TESTS = new Set([
  '-empty', '-nouser', '-nogroup', '-readable', '-writable', '-executable', '-depth', '-prune', '-print', '-print0', '-ls',
  '-not', '!', '-a', '-and', '-o', '-or', '(', ')', ',', '-true', '-false', '-follow', '-xdev', '-mount', '-noleaf', '-quit',
  '-daystart', '-ignore_readdir_race', '-noignore_readdir_race', '-nowarn', '-warn',
]);
/** Options find takes before its starting points. */
export const FIND_LEADING = new Set(['-L', '-H', '-P', '-O0', '-O1', '-O2', '-O3']);
