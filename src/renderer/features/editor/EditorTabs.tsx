// The open files as tabs [tablist "Editors"]: name, dirty marker, an agent's
// badge; click to show, middle-click or × (or Ctrl/Cmd+W) to close. One Tab
// stop, the shown file; Left/Right, Home and End move (common/tabKeys.ts). A tablist
// may own only tabs, so the × is a mouse target hidden from assistive
// technology and out of the Tab order; the keyboard closes with Ctrl/Cmd+W,
// which each tab announces (aria-keyshortcuts).

import { useRef } from 'react';
import { isMac, shortcutLabel } from '../../app/format.js';
import { refInto, tabIndexAfterKey } from '../common/tabKeys.js';
import { closeTab } from './editorActions.js';
import { AgentBadge } from './AgentBadge.js';
import { fileName, useEditorStore } from './editorStore.js';

export function EditorTabs() {
  const tabs = useEditorStore((s) => s.tabs);
  const active = useEditorStore((s) => s.activePath);
  const marks = useEditorStore((s) => s.marks);
  const activate = useEditorStore((s) => s.activate);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  return (
    <div
      role="tablist"
      aria-label="Editors"
      className="editor-tabs"
      onKeyDown={(event) => {
        const next = tabIndexAfterKey(event, tabs.findIndex((t) => t.path === active), tabs.length);
        if (next === null) return;
        event.preventDefault();
        const path = tabs[next]!.path;
        activate(path);
        buttons.current.get(path)?.focus();
      }}
    >
      {tabs.map((tab) => {
        const selected = tab.path === active;
        const name = fileName(tab.path);
        const state = tab.disk === 'deleted' ? ' (deleted)' : tab.dirty ? ' (unsaved)' : '';
        return (
          <div key={tab.path} className={`editor-tab ${selected ? 'active' : ''} ${tab.disk === 'deleted' ? 'deleted' : ''}`} title={tab.path}>
            <button
              ref={refInto(buttons.current, tab.path)}
              type="button"
              role="tab"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              aria-label={`${name}${state}`}
              className="editor-tab-label"
              aria-keyshortcuts={isMac() ? 'Meta+W' : 'Control+W'}
              onClick={() => activate(tab.path)}
              onAuxClick={(event) => event.button === 1 && closeTab(tab.path)}
            >
              {name}
              {tab.dirty && (
                <span className="dirty-marker" aria-hidden="true">
                  ●
                </span>
              )}
              {tab.disk === 'deleted' && <span className="deleted-marker">deleted</span>}
              <AgentBadge marks={marks[tab.path]} />
            </button>
            <button type="button" className="icon-button tab-close" aria-hidden="true" tabIndex={-1} title={`Close ${name} (${shortcutLabel('W')})`} onClick={() => closeTab(tab.path)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
