// The workbench's panels: sidebar | main (with the bottom panel under it) |
// side panels (the interactive session, the Inbox). Every split is resizable
// by pointer or keyboard (the handles are separators with arrow keys) and
// remembers its sizes (react-resizable-panels' autoSaveId, in localStorage).
// The sidebar and the bottom panel collapse; the side column exists only
// while it has something to show, so an empty Inbox takes no space.
//
// The main area and the bottom panel are slots: MainArea and TerminalPanel
// fill them (the editor and terminal features own what is inside).

import { useEffect, useRef } from 'react';
import { Panel, PanelGroup, PanelResizeHandle, type ImperativePanelHandle } from 'react-resizable-panels';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectPausedAgents } from '../../store/selectors.js';
import { SessionPanel } from '../composer/SessionPanel.js';
import { Inbox } from '../inbox/Inbox.js';
import { TerminalPanel } from '../terminal/TerminalPanel.js';
import { MainArea } from './MainArea.js';
import { Sidebar } from './Sidebar.js';
import './workbench.css';

/** Keeps a collapsible panel in step with a flag of the store, both ways. */
function useCollapsedBy(open: boolean, setOpen: (open: boolean) => void) {
  const ref = useRef<ImperativePanelHandle>(null);
  // The panel reports its first layout (restored or default) as a collapse or
  // an expand; only changes after we have put it in step are the person's.
  const inStep = useRef(false);
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    if (open && panel.isCollapsed()) panel.expand();
    else if (!open && !panel.isCollapsed()) panel.collapse();
    inStep.current = true;
  }, [open]);
  return {
    ref,
    onCollapse: () => {
      if (inStep.current && open) setOpen(false);
    },
    onExpand: () => {
      if (inStep.current && !open) setOpen(true);
    },
  };
}

function ResizeHandle({ label, direction }: { label: string; direction: 'horizontal' | 'vertical' }) {
  return <PanelResizeHandle className={`resize-handle ${direction}`} aria-label={label} />;
}

export function Workbench() {
  const terminalOpen = useOffloadStore((s) => s.terminalOpen);
  const setTerminalOpen = useOffloadStore((s) => s.setTerminalOpen);
  const sidebarOpen = useOffloadStore((s) => s.sidebarOpen);
  const setSidebarOpen = useOffloadStore((s) => s.setSidebarOpen);
  const sessionId = useOffloadStore((s) => s.interactiveAgentId);
  const waiting = useOffloadStore(selectPausedAgents).length;
  const sidebar = useCollapsedBy(sidebarOpen, setSidebarOpen);
  const bottom = useCollapsedBy(terminalOpen, setTerminalOpen);
  const showSide = waiting > 0 || sessionId !== null;

  return (
    <PanelGroup direction="horizontal" autoSaveId="offload.workbench" className="workbench">
      <Panel id="sidebar" order={1} defaultSize={22} minSize={14} collapsible collapsedSize={0} className="workbench-panel" {...sidebar}>
        <Sidebar />
      </Panel>
      <ResizeHandle label="Resize the sidebar" direction="horizontal" />
      <Panel id="center" order={2} minSize={35} className="workbench-panel">
        <PanelGroup direction="vertical" autoSaveId="offload.center" className="center-column">
          <Panel id="main" order={1} minSize={25} className="workbench-panel">
            <MainArea />
          </Panel>
          <ResizeHandle label="Resize the bottom panel" direction="vertical" />
          <Panel id="bottom" order={2} defaultSize={32} minSize={12} collapsible collapsedSize={0} className="workbench-panel bottom-slot" {...bottom}>
            <TerminalPanel />
          </Panel>
        </PanelGroup>
      </Panel>
      {showSide && (
        <>
          <ResizeHandle label="Resize the side panels" direction="horizontal" />
          <Panel id="side" order={3} defaultSize={26} minSize={16} className="workbench-panel side-column">
            {sessionId && <SessionPanel key={sessionId} agentId={sessionId} />}
            {waiting > 0 && <Inbox />}
          </Panel>
        </>
      )}
    </PanelGroup>
  );
}
