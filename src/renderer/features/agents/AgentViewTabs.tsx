// The agent view's Stream / Review tabs, keyboard as the WAI-ARIA tabs
// pattern says: one Tab stop (the selected tab), Left/Right (wrapping), Home
// and End move and select at once, since showing a tab costs nothing.

import { useRef } from 'react';
import type { AgentTab } from '../../store/uiSlice.js';
import { refInto, tabIndexAfterKey } from '../common/tabKeys.js';

const TABS: readonly AgentTab[] = ['stream', 'review'];

interface AgentViewTabsProps {
  tab: AgentTab;
  setTab: (tab: AgentTab) => void;
  /** Files still under review; shown beside "Review", not spoken (the tab's name stays "Review", docs/ui.md). */
  changed: number;
}

export function AgentViewTabs({ tab, setTab, changed }: AgentViewTabsProps) {
  const buttons = useRef(new Map<AgentTab, HTMLButtonElement>());
  const move = (to: AgentTab) => {
    setTab(to);
    buttons.current.get(to)?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label="Agent views"
      className="tabs"
      onKeyDown={(event) => {
        const next = tabIndexAfterKey(event, TABS.indexOf(tab), TABS.length);
        if (next === null) return;
        event.preventDefault();
        move(TABS[next]!);
      }}
    >
      {TABS.map((name) => (
        <button
          key={name}
          ref={refInto(buttons.current, name)}
          type="button"
          role="tab"
          id={`agent-tab-${name}`}
          aria-selected={tab === name}
          aria-controls="agent-tabpanel"
          tabIndex={tab === name ? 0 : -1}
          className="tab"
          onClick={() => setTab(name)}
        >
          {name === 'stream' ? 'Stream' : 'Review'}
          {name === 'review' && changed > 0 && <span aria-hidden="true">{` (${changed})`}</span>}
        </button>
      ))}
    </div>
  );
}
