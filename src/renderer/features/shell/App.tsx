// The editor shell: title bar, sidebar (files, Background Agents), main area,
// bottom Terminal panel, Inbox, status bar, and the Composer and Settings dialogs.

import { useColorScheme } from '../../app/useColorScheme.js';
import { ComposerDialog } from '../composer/ComposerDialog.js';
import { ErrorBanner } from '../common/ErrorBanner.js';
import { Inbox } from '../inbox/Inbox.js';
import { SettingsDialog } from '../settings/SettingsDialog.js';
import { TerminalPanel } from '../terminal/TerminalPanel.js';
import { QuickOpen } from '../quickopen/QuickOpen.js';
import { MainArea } from './MainArea.js';
import { Sidebar } from './Sidebar.js';
import { StatusBar } from './StatusBar.js';
import { TopBar } from './TopBar.js';
import { useGlobalShortcuts } from './useGlobalShortcuts.js';
import './shell.css';

export function App() {
  useGlobalShortcuts();
  const scheme = useColorScheme();
  return (
    <div className={`app theme-${scheme}`}>
      <TopBar />
      <ErrorBanner />
      <div className="workbench">
        <Sidebar />
        <div className="center-column">
          <MainArea />
          <TerminalPanel />
        </div>
        <Inbox />
      </div>
      <StatusBar />
      <ComposerDialog />
      <SettingsDialog />
      <QuickOpen />
    </div>
  );
}
