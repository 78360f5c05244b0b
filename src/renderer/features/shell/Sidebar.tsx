// The primary sidebar: the workspace's files and the Background Agents panel.

import { AgentList } from '../agents/AgentList.js';
import { FileTree } from '../editor/FileTree.js';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <FileTree />
      <AgentList />
    </nav>
  );
}
