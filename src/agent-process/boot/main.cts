// The agent process's first file, dist/agent/main.cjs: it runs the agent's
// bundle (dist/agent/agent.cjs, scripts/bundleAgent.mjs) with its compiled
// code cached on disk (src/boot/compiledBundle.cts). CommonJS on purpose: Node starts a
// CommonJS entry with less work than an ES module one.

import { join } from 'node:path';
import { runCompiledBundle } from '../../boot/compiledBundle.cjs';

/** The bundle's content hash, put here by scripts/bundleAgent.mjs. */
declare const AGENT_BUNDLE_ID: string;

runCompiledBundle(join(__dirname, 'agent.cjs'), AGENT_BUNDLE_ID);
