// The composition root: builds every manager of one workspace's host and wires
// them together (constructor injection, no globals). The CLI, `offload serve`
// and the desktop app all start here.

import { packageVersion } from './packageVersion.js';
import { join } from 'node:path';
import type { OffloadEvents } from '../../shared/contract/offloadService.js';
import type { Settings } from '../../shared/settings.js';
import { agentEntryPath } from '../launch/agentEntry.js';
import { scrubbedChildEnv } from '../launch/childEnv.js';
import { createForkLauncher } from '../launch/forkLauncher.js';
import { isWarmSpareLauncher, withWarmSpare } from '../launch/warmSpare.js';
import { RateLimitBroker } from '../rateLimit/rateLimitBroker.js';
import { resolveApiKey } from '../store/apiKey.js';
import type { AgentEvent } from '../../shared/events.js';
import { AgentEventLog, newAgentId } from '../store/eventLog.js';
import { summaryRelease } from '../store/agentSummaries.js';
import { deferredDefaultSecretStore } from '../store/fileSecretStore.js';
import { realWorkspacePath, workspaceStateDir } from '../store/homePaths.js';
import { checkHomePrivacy, describePrivacyCheck } from '../store/privateFiles.js';
import { makeStateDir } from '../store/storageErrors.js';
import { SettingsStore } from '../store/settingsStore.js';
import { WorkspaceReview } from '../workspace/workspaceReview.js';
import { IsolatedReviews } from '../workspace/worktrees/isolatedReviews.js';
import { isSettled } from '../../shared/agent.js';
import { EditorWorkspace } from '../workspace/editorWorkspace.js';
import { listAgentFileMarks } from './agentFileMarks.js';
import { createAgentName } from './agentNames.js';
import type { HostOptions, OffloadHost } from './host.js';
import { DisposableStore, Emitter, toDisposable } from '../../shared/lifecycle.js';
import { createDefaultModelResolver, createModelCatalog, listModels as listApiModels } from './modelChoice.js';
import { OffloadServiceImpl } from './offloadService.js';
import type { ReviewServicePort, SettingsPort } from './ports.js';
import { Supervisor } from './supervisor.js';
import { TerminalSessions } from './terminals.js';
import { saveApiKey } from './apiKeyActions.js';
import { loadMcpServers, mcpToolCachePath } from '../store/extensionSettings.js';
import { resolveProviderCredentials, saveProviderSecret } from '../store/providerSecrets.js';
import { hostError } from './hostErrors.js';
import { listMcpServers } from './mcpProbe.js';
import { createProviderCatalog } from './providerCatalog.js';
import { createDebugLog } from './debugLog.js';

/** A long-lived host starts its warm spare this long after it is up. */
const SPARE_START_DELAY_MS = 1_000;
/** An agent's events after which its marks on files (pending changes, leases) may differ. */
const MARKS_CHANGING_EVENTS: ReadonlySet<AgentEvent['type']> = new Set(['tool_result', 'file_changed', 'review']);

/**
 * A long-lived host ends a paused agent's process once it has waited this
 * long; the answer relaunches it from its log (issue 11: a waiting process
 * holds ~70 MB of loaded code). OFFLOAD_PAUSED_PROCESS_EXIT_MS changes it
 * ("never" keeps waiting processes).
 */
export const PAUSED_PROCESS_EXIT_MS = 60_000;

export interface CreateHostExtras {
  /** End a paused agent's process instead of keeping it waiting (foreground CLI). */
  endProcessOnPause?: boolean;
}

/** How long a paused agent's process waits in a long-lived host before it ends (undefined: for ever). */
export function pausedProcessExitMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.OFFLOAD_PAUSED_PROCESS_EXIT_MS?.trim();
  if (!raw) return PAUSED_PROCESS_EXIT_MS;
  if (raw === 'never') return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : PAUSED_PROCESS_EXIT_MS;
}

export async function createHost(options: HostOptions & CreateHostExtras): Promise<OffloadHost> {
  const env = options.env ?? process.env;
  const workspace = realWorkspacePath(options.workspace);
  const stateDir = workspaceStateDir(options.home, workspace);
  makeStateDir(stateDir);
  // Everything under OFFLOAD_HOME is the user's alone; say so when it was not (and fix it).
  const notice = options.onNotice ?? ((m: string) => process.emitWarning(m, 'OffloadNotice'));
  const privacy = describePrivacyCheck(options.home, await checkHomePrivacy(options.home, stateDir));
  if (privacy) notice(privacy);
  const debug = createDebugLog(stateDir);
  // The host's own registrations (the spare's timer, the launcher), released first by dispose().
  const registrations = new DisposableStore();
  // Its listeners go last: what the supervisor writes while closing (agents interrupted) still reaches them.
  const events = new Emitter<{ name: keyof OffloadEvents & string; data: unknown }>((error) => debug(`event listener failed: ${String(error)}`));
  const emit = <K extends keyof OffloadEvents & string>(name: K, data: OffloadEvents[K]) => events.fire({ name, data });

  const settingsStore = new SettingsStore({ home: options.home, workspace, env, overrides: options.settingsOverrides });
  const settingsPort: SettingsPort = settingsStore;
  let settings: Settings = await settingsPort.get();
  const secretStore = options.secretStore ?? deferredDefaultSecretStore(options.home, { env });
  const apiKey = async () => (await resolveApiKey(env, secretStore)).key ?? null;
  const modelCatalog = createModelCatalog(listApiModels, { cacheDir: join(options.home, 'cache') });
  const listModels = async () => {
    const key = await apiKey();
    if (!key) return [];
    const models = await modelCatalog.models(key, env.ANTHROPIC_BASE_URL || undefined);
    return models.map((m) => ({ id: m.id, displayName: m.display_name ?? m.id }));
  };

  const providerCatalog = createProviderCatalog({
    home: options.home,
    env,
    store: secretStore,
    anthropicModels: listModels,
    anthropicKeyStatus: async () => (await resolveApiKey(env, secretStore)).status,
  });
  // Read when agents are created (a bad file is reported then); the supervisor asks synchronously.
  let defaultProvider: string | undefined = await providerCatalog.defaultProvider().catch(() => undefined);

  const broker = new RateLimitBroker({ ...settings.rateLimits });
  // Summaries beside the logs let a start skip folding every full log (store/agentSummaries.ts).
  const log = new AgentEventLog(stateDir, { summaries: { release: summaryRelease(packageVersion()) } });
  const names = new Map<string, string>();
  const review = new WorkspaceReview({ workspace, stateDir, nameOf: (id: string) => names.get(id) ?? id });
  // Agents in their own worktree get a review of their own; every review call is routed by agent.
  let supervisorRef: Supervisor | null = null;
  const reviews = new IsolatedReviews(review, {
    workspace,
    stateDir,
    nameOf: (id: string) => names.get(id) ?? id,
    settings: () => settings,
    isSettled: async (id) => (supervisorRef ? isSettled((await supervisorRef.getAgent(id)).status) : false),
    debug,
  });
  await reviews.init();
  const reviewPort: ReviewServicePort = reviews;

  // Every host forks an agent's process before reading what the agent needs;
  // a long-lived one also keeps a warm spare (launch/warmSpare.ts).
  const givenLauncher = options.launcher ?? createForkLauncher({ debugSink: debug });
  const launcher = isWarmSpareLauncher(givenLauncher) ? givenLauncher : withWarmSpare(givenLauncher, { replace: Boolean(options.warmSpare) });
  registrations.add(launcher); // its spare process goes with the host
  const agentEntry = agentEntryPath();
  const supervisor = new Supervisor({
    workspace,
    stateDir,
    log,
    review: reviewPort,
    rateLimits: broker,
    launcher,
    agentEntry,
    settings: () => settings,
    env,
    apiKey,
    defaultModel: createDefaultModelResolver((key, baseURL) => modelCatalog.models(key, baseURL)),
    providerLaunch: (id) => providerCatalog.launch(id),
    defaultProvider: () => defaultProvider,
    // Each server's tools as last listed live under home: a later agent offers them while the server starts.
    mcp: async () => ({ ...(await loadMcpServers(options.home, workspace)).config, toolCacheFile: mcpToolCachePath(options.home) }),
    createName: (taken) => createAgentName(taken),
    newAgentId,
    endProcessOnPause: options.endProcessOnPause ?? false,
    endPausedProcessAfterMs: options.endProcessOnPause ? undefined : pausedProcessExitMs(env),
    debug,
    workspaceFor: (id, agentOptions) => reviews.workspaceFor(id, agentOptions),
  });
  supervisorRef = supervisor;
  supervisor.on({
    onEvent: (event) => {
      emit('onDidAppendEvent', event);
      // Every page's badges follow, also pages that do not watch this agent's stream (they never get the event above).
      if (MARKS_CHANGING_EVENTS.has(event.type)) emit('onDidChangeAgentFiles', { agentId: event.agentId });
    },
    onRecord: (record) => {
      if (record.name) names.set(record.id, record.name);
      emit('onDidChangeAgent', record);
    },
  });
  await supervisor.init();
  // init() just read every agent: their names come from memory, not from a second pass over the disk.
  for (const record of supervisor.loadedRecords()) names.set(record.id, record.name);

  const terminals = new TerminalSessions({
    cwd: workspace,
    env,
    onData: (id, data) => emit('onDidTerminalData', { id, data }),
    onExit: (id, exitCode) => emit('onDidTerminalExit', { id, exitCode }),
  });

  const supervisorAgentIdsInWorktrees = () => [...names.keys()].filter((id) => reviews.worktreeOf(id) !== null);
  const editor = new EditorWorkspace({
    workspace,
    onChanges: (event) => emit('onDidChangeFiles', event),
    onWatchStatus: (status) => emit('onDidChangeWatchStatus', status),
    leaseHolder: (rel) => {
      const holder = review.leaseHolder(rel);
      return holder ? (names.get(holder) ?? holder) : null;
    },
    debug,
  });

  const service = new OffloadServiceImpl({
    workspace,
    runtime: options.runtime,
    version: packageVersion(),
    supervisor,
    review: reviewPort,
    settings: settingsPort,
    apiKeyStatus: async () => (await resolveApiKey(env, secretStore)).status,
    saveApiKey: (key) => saveApiKey(env, secretStore, key),
    onSettingsChanged: (next) => {
      settings = next;
      broker.setLimits(next.rateLimits);
      emit('onDidChangeSettings', next);
    },
    terminals,
    editor,
    agentFileMarks: () =>
      listAgentFileMarks({
        listAgents: () => supervisor.listAgents(),
        // Agents in their own worktree change files there: their review says which (same relative paths).
        agentsWithState: () => [...new Set([...review.agentsWithState(), ...supervisorAgentIdsInWorktrees()])],
        listChanges: (id) => reviews.listChanges(id),
        leasedPaths: () => review.leasedPaths(),
      }),
    listModels: async () => {
      defaultProvider = await providerCatalog.defaultProvider().catch(() => defaultProvider);
      return providerCatalog.models();
    },
    listProviders: () => providerCatalog.infos(),
    saveProviderSecret: async (id, secret) => {
      const provider = (await providerCatalog.providers()).find((p) => p.id === id);
      if (!provider) throw hostError('BAD_INPUT', `No provider "${id}" is configured (settings "providers").`);
      if (provider.kind === 'anthropic') return saveApiKey(env, secretStore, secret);
      await saveProviderSecret(secretStore, id, secret);
      return (await resolveProviderCredentials(provider, env, secretStore)).status;
    },
    listMcpServers: () => listMcpServers(options.home, workspace, env),
    rateLimits: () => broker.snapshot(),
  });

  if (options.warmSpare) {
    // After start-up's own work (the page is served first); the same options the supervisor launches with.
    const timer = setTimeout(
      () => launcher.prelaunch({ entry: agentEntry, cwd: workspace, env: scrubbedChildEnv(env), displayName: 'offload agent (spare)' }),
      SPARE_START_DELAY_MS,
    );
    timer.unref?.();
    registrations.add(toDisposable(() => clearTimeout(timer)));
  }

  let disposed: Promise<void> | null = null;
  return {
    service,
    workspace,
    activeAgentIds: () => supervisor.activeAgentIds(),
    onEvent(listener) {
      const subscription = events.event(({ name, data }) => listener(name, data as never));
      return () => subscription.dispose();
    },
    dispose() {
      disposed ??= (async () => {
        registrations.dispose();
        await Promise.all([supervisor.dispose(), terminals.dispose(), editor.dispose()]);
        broker.dispose();
        try {
          await reviews.dispose();
        } catch (error) {
          debug(`review dispose failed: ${String(error)}`);
        }
        events.dispose();
      })();
      return disposed;
    },
  };
}
