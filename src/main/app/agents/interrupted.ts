// The reason recorded for an agent whose host stopped while it ran (kept apart
// so readers such as `offload list --all` need not load the scheduler).
export const INTERRUPTED_REASON = 'interrupted: the host stopped while it was running';
