// Starts the fake model server in a child process (see fakeServerChild.ts), so
// its work does not run on the event loop of the host being measured.
// Scenarios must be JSON here (arrays of turns, no functions).

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeModelServerStats, RateLimitOptions, ScriptedTurn } from '../../e2e/fixtures/fakeModelServer.js';

export interface RemoteRequest {
  time: number;
  status: number;
  scenario: string;
}

export interface RemoteFakeServer {
  url: string;
  requests(): Promise<{ requests: RemoteRequest[]; stats: FakeModelServerStats }>;
  close(): Promise<void>;
}

const childEntry = fileURLToPath(new URL('./fakeServerChild.js', import.meta.url));

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the fake server process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startRemoteFakeServer(options: {
  scenarios: Record<string, ScriptedTurn[]>;
  rateLimits?: RateLimitOptions;
}): Promise<RemoteFakeServer> {
  const child = fork(childEntry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  const started = nextMessage<{ url: string }>(child, 'started');
  child.send({ type: 'start', options });
  const { url } = await started;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url,
    async requests() {
      const answer = nextMessage<{ requests: RemoteRequest[]; stats: FakeModelServerStats }>(child, 'requests');
      child.send({ type: 'requests' });
      return answer;
    },
    async close() {
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
