// `offload limits [--json]`: the shared rate limits per model class (each
// limit, how much of it is used now, the pace, when the waiting calls should
// have gone) and the monthly premium-request budget. What the limiter knows
// lives in the host: a running `offload serve` or desktop app knows what the
// API has said; a host made for this command alone has only the settings.

import { describeLimits } from '../../shared/limitsText.js';
import { EXIT_OK } from '../app/exitCodes.js';
import type { CommandContext } from './agentCommands.js';

export async function limitsCommand(ctx: CommandContext): Promise<number> {
  const status = await ctx.session.client.call.getLimits();
  if (ctx.json) {
    ctx.output.out(JSON.stringify(status, null, 2));
    return EXIT_OK;
  }
  for (const line of describeLimits(status, Date.now())) ctx.output.out(line);
  if (!ctx.session.remote) {
    ctx.note('No Offload host runs for this workspace: the limits the API states are learned while agents run (offload serve, or the app).');
  }
  return EXIT_OK;
}
