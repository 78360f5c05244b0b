// A stand-in for a host that is killed mid-run: it makes an agent's changes
// through WorkspaceReview, says "ready", and waits to be SIGKILLed.
// Usage: node reviewKilledHost.js WORKSPACE STATE_DIR

import { WorkspaceReview } from '../../src/main/workspace/workspaceReview.js';
import { command, toolWrite } from './reviewHelpers.js';

const [workspace, stateDir] = process.argv.slice(2) as [string, string];
const review = new WorkspaceReview({ workspace, stateDir, nameOf: (id) => id });
await review.init();
await toolWrite(review, workspace, 'a1', 1, 'a.txt', 'agent\n');
await command(review, workspace, 'a1', 2, 'echo more >> b.txt; rm c.txt');
await review.beforeWrite('a1', ['d.txt'], 3); // a lease held when the host dies
process.stdout.write('ready\n');
setInterval(() => undefined, 1000);
