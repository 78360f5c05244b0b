// The fake model server in a process of its own, for benches that time the
// host: in the bench's own process its work would share the host's event loop
// and be counted as the host's. Started by fakeServerProcess.ts over IPC:
// gets { scenarios, rateLimits }, answers { url }; on 'requests' answers with
// every request's time, status and scenario. Ends when its parent goes away.

import { startFakeModelServer, type FakeModelServerOptions } from '../../e2e/fixtures/fakeModelServer.js';

type Command = { type: 'start'; options: FakeModelServerOptions } | { type: 'requests' } | { type: 'close' };

let server: Awaited<ReturnType<typeof startFakeModelServer>> | null = null;

async function stop(): Promise<never> {
  await server?.close().catch(() => undefined);
  process.exit(0);
}

process.on('message', (command: Command) => {
  void (async () => {
    if (command.type === 'start') {
      server = await startFakeModelServer(command.options);
      process.send?.({ type: 'started', url: server.url });
    } else if (command.type === 'requests') {
      const requests = (server?.requests ?? []).map((r) => ({ time: r.time, status: r.status, scenario: r.scenario }));
      process.send?.({ type: 'requests', requests, stats: server?.stats() ?? null });
    } else {
      await stop();
    }
  })().catch((error) => {
    process.stderr.write(`fakeServerChild: ${String(error)}\n`);
    process.exit(1);
  });
});
process.on('disconnect', () => void stop());
