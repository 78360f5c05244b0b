// The main area: a file, an agent, or the welcome page.

import { useOffloadStore } from '../../store/offloadStore.js';
import { AgentView } from '../agents/AgentView.js';
import { EditorArea } from '../editor/EditorArea.js';
import { Welcome } from './Welcome.js';

export function MainArea() {
  const view = useOffloadStore((s) => s.mainView);
  return (
    <main className="main-area">
      {view.kind === 'agent' ? <AgentView key={view.agentId} agentId={view.agentId} /> : view.kind === 'file' ? <EditorArea path={view.path} /> : <Welcome />}
    </main>
  );
}
