// Settings, resolved from five layers, highest first:
//   flags (overrides) > OFFLOAD_* environment > <workspace>/.offload/settings.json
//   > <home>/settings.json > DEFAULT_SETTINGS
// Every layer is checked before use; a bad value stops with a message naming
// the setting, where it came from, and what it got, e.g.
//   "OFFLOAD_RPM must be a whole number above 0, got 'abc'".
// The numeric rules are shared with the RPC schema and the form (shared/settingsRules.ts).

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, ISOLATIONS, type RateLimits, type Settings } from '../../shared/settings.js';
import { SETTING_RULES } from '../../shared/settingsRules.js';
import { userSettingsPath, workspaceSettingsPath } from './homePaths.js';

/** A layer: any subset of the settings, rate limits one by one. */
export type SettingsPatch = Partial<Omit<Settings, 'rateLimits'>> & { rateLimits?: Partial<RateLimits> };

export interface SettingsStoreOptions {
  home: string;
  workspace: string;
  /** Where OFFLOAD_* come from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Command-line flags: the highest layer. */
  overrides?: SettingsPatch;
}

export class SettingsError extends Error {
  readonly code = 'BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

type TopKey = Exclude<keyof Settings, 'rateLimits'>;
type FieldKey = TopKey | `rateLimits.${keyof RateLimits}`;

interface Field {
  schema: z.ZodType;
  /** "must be ..." */
  expected: string;
  env: string;
  flag: string;
  /** Turns the environment's text into a value (undefined when it cannot). */
  fromEnv: (text: string) => unknown;
}

const positiveIntText = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : text);
const booleanText = (text: string): unknown => {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off'].includes(t)) return false;
  return text;
};
const listText = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const positiveNumberText = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

const FIELDS: Record<FieldKey, Field> = {
  defaultModel: {
    schema: z.string().trim().min(1).nullable(),
    expected: 'a model id (or null for the newest Sonnet-class model)',
    env: 'OFFLOAD_MODEL',
    flag: '--model',
    fromEnv: (text) => text.trim(),
  },
  approval: {
    schema: z.enum(['ask', 'auto', 'deny']),
    expected: 'one of ask, auto, deny',
    env: 'OFFLOAD_APPROVAL',
    flag: '--approval',
    fromEnv: (text) => text.trim().toLowerCase(),
  },
  allowedCommands: {
    schema: z.array(z.string().trim().min(1)),
    expected: 'a list of command patterns (comma-separated in the environment)',
    env: 'OFFLOAD_ALLOWED_COMMANDS',
    flag: '--allow',
    fromEnv: (text) => text.split(',').map((s) => s.trim()).filter(Boolean),
  },
  maxRequestsPerAgent: {
    ...SETTING_RULES.maxRequestsPerAgent,
    env: 'OFFLOAD_MAX_REQUESTS',
    flag: '--max-requests',
    fromEnv: positiveIntText,
  },
  maxCostPerAgentUsd: {
    ...SETTING_RULES.maxCostPerAgentUsd,
    env: 'OFFLOAD_MAX_COST',
    flag: '--max-cost',
    fromEnv: positiveNumberText,
  },
  monthlyPremiumRequests: {
    ...SETTING_RULES.monthlyPremiumRequests,
    env: 'OFFLOAD_MONTHLY_REQUESTS',
    flag: '--monthly-requests',
    fromEnv: positiveIntText,
  },
  concurrency: {
    ...SETTING_RULES.concurrency,
    env: 'OFFLOAD_CONCURRENCY',
    flag: '--concurrency',
    fromEnv: positiveIntText,
  },
  webSearch: {
    schema: z.boolean(),
    expected: '0 or 1 (true or false)',
    env: 'OFFLOAD_WEB_SEARCH',
    flag: '--web-search',
    fromEnv: booleanText,
  },
  rereadCache: {
    schema: z.boolean(),
    expected: '0 or 1 (true or false)',
    env: 'OFFLOAD_REREAD_CACHE',
    flag: '--reread-cache',
    fromEnv: booleanText,
  },
  compactAtTokens: {
    ...SETTING_RULES.compactAtTokens,
    env: 'OFFLOAD_COMPACT_AT',
    flag: '--compact-at',
    fromEnv: positiveIntText,
  },
  isolation: {
    schema: z.enum(ISOLATIONS),
    expected: 'one of working-tree, worktree',
    env: 'OFFLOAD_ISOLATION',
    flag: '--isolation',
    fromEnv: (text) => text.trim().toLowerCase(),
  },
  worktreeLink: {
    schema: z.array(z.string().trim().min(1)),
    expected: 'a list of workspace-relative paths (comma-separated in the environment)',
    env: 'OFFLOAD_WORKTREE_LINK',
    flag: '--worktree-link',
    fromEnv: listText,
  },
  worktreeCopy: {
    schema: z.array(z.string().trim().min(1)),
    expected: 'a list of workspace-relative paths (comma-separated in the environment)',
    env: 'OFFLOAD_WORKTREE_COPY',
    flag: '--worktree-copy',
    fromEnv: listText,
  },
  'rateLimits.rpm': { ...SETTING_RULES.rpm, schema: SETTING_RULES.rpm.schema.nullable(), env: 'OFFLOAD_RPM', flag: '--rpm', fromEnv: positiveIntText },
  'rateLimits.itpm': { ...SETTING_RULES.itpm, schema: SETTING_RULES.itpm.schema.nullable(), env: 'OFFLOAD_ITPM', flag: '--itpm', fromEnv: positiveIntText },
  'rateLimits.otpm': { ...SETTING_RULES.otpm, schema: SETTING_RULES.otpm.schema.nullable(), env: 'OFFLOAD_OTPM', flag: '--otpm', fromEnv: positiveIntText },
};

const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** How a layer names its settings in messages. */
type Source = { kind: 'env' } | { kind: 'flags' } | { kind: 'file'; path: string } | { kind: 'update' };

export class SettingsStore {
  private readonly home: string;
  private readonly workspace: string;
  private readonly env: Record<string, string | undefined>;
  private readonly overrides: SettingsPatch;
  /** Serialises updates so two saves never interleave their read-modify-write. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(options: SettingsStoreOptions) {
    this.home = options.home;
    this.workspace = options.workspace;
    this.env = options.env ?? process.env;
    this.overrides = options.overrides ?? {};
  }

  get userFile(): string {
    return userSettingsPath(this.home);
  }

  get workspaceFile(): string {
    return workspaceSettingsPath(this.workspace);
  }

  /** The effective settings. Throws SettingsError (code BAD_INPUT) naming a bad value and its source. */
  async get(): Promise<Settings> {
    const user = await readSettingsFile(this.userFile);
    const workspace = narrowingOnly(await readSettingsFile(this.workspaceFile), mergeSettings(cloneSettings(DEFAULT_SETTINGS), user));
    const env = settingsFromEnv(this.env);
    const flags = validatePatch(this.overrides, { kind: 'flags' });
    return [user, workspace, env, flags].reduce<Settings>(mergeSettings, cloneSettings(DEFAULT_SETTINGS));
  }

  /** Saves a change to the user settings file and returns the effective settings. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const checked = validatePatch(patch, { kind: 'update' });
    const write = this.writing.catch(() => undefined).then(async () => {
      const current = await readSettingsFile(this.userFile);
      const next = mergePatch(current, checked);
      await writeJsonAtomically(this.userFile, next);
    });
    this.writing = write;
    await write;
    return this.get();
  }
}

const APPROVAL_STRICTNESS = { auto: 0, ask: 1, deny: 2 } as const;

/**
 * The workspace's .offload/settings.json is a file anyone who wrote the
 * repository (or an agent in it) controls, so it may only narrow what the
 * user's own settings allow: a stricter approval policy is kept, a looser one
 * dropped, and its allowed commands count only where the user allows them too.
 */
export function narrowingOnly(layer: SettingsPatch, userSettings: Settings): SettingsPatch {
  const out: SettingsPatch = { ...layer };
  if (out.approval !== undefined && APPROVAL_STRICTNESS[out.approval] < APPROVAL_STRICTNESS[userSettings.approval]) delete out.approval;
  if (out.allowedCommands !== undefined) out.allowedCommands = out.allowedCommands.filter((pattern) => userSettings.allowedCommands.includes(pattern));
  return out;
}

/** OFFLOAD_* variables as a settings layer (empty variables are ignored). */
export function settingsFromEnv(env: Record<string, string | undefined>): SettingsPatch {
  const raw: Record<string, unknown> = {};
  for (const key of FIELD_KEYS) {
    const field = FIELDS[key];
    const text = env[field.env];
    if (text === undefined || text.trim() === '') continue;
    setPath(raw, key, field.fromEnv(text));
  }
  return validatePatch(raw, { kind: 'env' }, (key) => env[FIELDS[key].env]);
}

/** Checks every setting present in a layer; unknown keys are ignored (a newer version may have written them). */
export function validatePatch(
  value: unknown,
  source: Source,
  original: (key: FieldKey) => unknown = (key) => getPath(value, key),
): SettingsPatch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsError(`${describeSource(source)} must hold a JSON object of settings.`);
  }
  const rateLimits = (value as { rateLimits?: unknown }).rateLimits;
  if (rateLimits !== undefined && (typeof rateLimits !== 'object' || rateLimits === null || Array.isArray(rateLimits))) {
    const name = source.kind === 'file' ? `"rateLimits" in ${source.path}` : 'The setting "rateLimits"';
    throw new SettingsError(`${name} must be an object like {"rpm": 50, "itpm": 30000, "otpm": 8000}, got ${show(rateLimits)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of FIELD_KEYS) {
    const present = getPath(value, key);
    if (present === undefined) continue;
    const result = FIELDS[key].schema.safeParse(present);
    if (!result.success) {
      throw new SettingsError(`${settingName(key, source)} must be ${FIELDS[key].expected}, got ${show(original(key))}`);
    }
    setPath(out, key, result.data);
  }
  return out as SettingsPatch;
}

async function readSettingsFile(path: string): Promise<SettingsPatch> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SettingsError(`Could not read the settings file ${path}: ${(error as Error).message}`);
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`The settings file ${path} is not valid JSON (${(error as Error).message}). Fix or delete it.`);
  }
  return validatePatch(parsed, { kind: 'file', path });
}

function mergeSettings(base: Settings, layer: SettingsPatch): Settings {
  const { rateLimits, ...rest } = layer;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...base, ...defined, rateLimits: { ...base.rateLimits, ...definedOnly(rateLimits ?? {}) } };
}

function mergePatch(base: SettingsPatch, patch: SettingsPatch): SettingsPatch {
  const { rateLimits, ...rest } = patch;
  const merged: SettingsPatch = { ...base, ...definedOnly(rest) };
  if (rateLimits) merged.rateLimits = { ...(base.rateLimits ?? {}), ...definedOnly(rateLimits) };
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function cloneSettings(settings: Settings): Settings {
  return { ...settings, allowedCommands: [...settings.allowedCommands], rateLimits: { ...settings.rateLimits } };
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, path);
}

function settingName(key: FieldKey, source: Source): string {
  switch (source.kind) {
    case 'env':
      return FIELDS[key].env;
    case 'flags':
      return FIELDS[key].flag;
    case 'file':
      return `"${key}" in ${source.path}`;
    case 'update':
      return `The setting "${key}"`;
  }
}

function describeSource(source: Source): string {
  switch (source.kind) {
    case 'env':
      return 'The OFFLOAD_* environment';
    case 'flags':
      return 'The command-line settings';
    case 'file':
      return `The settings file ${source.path}`;
    case 'update':
      return 'A settings update';
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function getPath(value: unknown, key: FieldKey): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  if (key.startsWith('rateLimits.')) {
    const limits = (value as { rateLimits?: unknown }).rateLimits;
    if (typeof limits !== 'object' || limits === null) return undefined;
    return (limits as Record<string, unknown>)[key.slice('rateLimits.'.length)];
  }
  return (value as Record<string, unknown>)[key];
}

function setPath(target: Record<string, unknown>, key: FieldKey, value: unknown): void {
  if (key.startsWith('rateLimits.')) {
    const limits = (target.rateLimits ??= {}) as Record<string, unknown>;
    limits[key.slice('rateLimits.'.length)] = value;
  } else {
    target[key] = value;
  }
}
