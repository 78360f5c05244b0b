// Path containment, one copy for every door that must keep a path inside a
// root (the agent's file tools, the editor's file service).

import { isAbsolute, relative, sep } from 'node:path';

/** True when `candidate` is `root` or lies under it (both absolute and already resolved; no symlink check here). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
