// Follows agents in the foreground: prints their new events as they come and
// returns when every one has settled (completed, failed, cancelled) or paused
// for a person. Pushed events print at once; a poll of the log fills gaps and
// sees agents another process drives (whose events are not pushed to us).

import { isPaused, isSettled, type AgentRecord } from '../../shared/agent.js';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { AgentEvent } from '../../shared/events.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { EventPrinter } from './eventPrinter.js';

const POLL_MS = 400;

export function isAtRest(record: AgentRecord): boolean {
  return isSettled(record.status) || isPaused(record.status);
}

export interface FollowOptions {
  /** Print events after these seqs (default 0: from the start). */
  afterSeq?: Map<string, number>;
  /** Called before each event is printed (e.g. to learn names from `started`). */
  onEvent?: (event: AgentEvent) => void;
  /** Return when every agent is at rest (default). False: print what there is and return. */
  untilAtRest?: boolean;
}

export async function followAgents(
  client: RpcClient<OffloadService, OffloadEvents>,
  ids: string[],
  printer: EventPrinter,
  options: FollowOptions = {},
): Promise<AgentRecord[]> {
  const lastSeq = new Map(ids.map((id) => [id, options.afterSeq?.get(id) ?? 0]));
  let wake: (() => void) | null = null;
  const show = (event: AgentEvent) => {
    const seen = lastSeq.get(event.agentId);
    if (seen === undefined || event.seq <= seen) return;
    lastSeq.set(event.agentId, event.seq);
    options.onEvent?.(event);
    printer.print(event);
  };
  const stop = client.on('onDidAppendEvent', (event) => {
    const seen = lastSeq.get(event.agentId);
    if (seen === undefined) return;
    if (event.seq === seen + 1) show(event);
    else wake?.(); // a gap: let the poll read the log in order
    if (event.type === 'status' || event.type === 'finished') wake?.();
  });

  const catchUp = async (id: string) => {
    for (const event of await client.call.getEvents(id, lastSeq.get(id) ?? 0)) show(event);
  };

  try {
    for (;;) {
      // Records first, then events: the events read include everything up to the state seen.
      const records = await Promise.all(ids.map((id) => client.call.getAgent(id)));
      // Only an agent whose record moved past what was shown has events to read (each read is the whole log).
      for (const record of records) if (record.lastSeq > (lastSeq.get(record.id) ?? 0)) await catchUp(record.id);
      if (options.untilAtRest === false || records.every(isAtRest)) {
        printer.flush();
        return records;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    stop();
  }
}
