// The editor shell: title bar, sidebar (files, Background Agents), main area,
// bottom Terminal panel, side panels (session, Inbox) in resizable panels (Workbench), status bar, and the Composer and Settings dialogs.

import { useColorScheme } from '../../app/useColorScheme.js';
import { ComposerDialog } from '../composer/ComposerDialog.js';
import { ErrorBanner } from '../common/ErrorBanner.js';
import { SettingsDialog } from '../settings/SettingsDialog.js';
import { QuickOpen } from '../quickopen/QuickOpen.js';
import { StatusBar } from './StatusBar.js';
import { TopBar } from './TopBar.js';
import { useGlobalShortcuts } from './useGlobalShortcuts.js';
import { Workbench } from './Workbench.js';
import './shell.css';

export function App() {
  useGlobalShortcuts();
  const scheme = useColorScheme();
  return (
    <div className={`app theme-${scheme}`}>
      <TopBar />
      <ErrorBanner />
      <Workbench />
      <StatusBar />
      <ComposerDialog />
      <SettingsDialog />
      <QuickOpen />
    </div>
  );
}
