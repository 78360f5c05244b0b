// The primary sidebar: the workspace's files and the Background Agents panel.

import { AgentList } from '../agents/AgentList.js';
import { Explorer } from '../explorer/Explorer.js';
import { SearchPanel } from '../search/SearchPanel.js';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <SearchPanel />
      <Explorer />
      <AgentList />
    </nav>
  );
}
