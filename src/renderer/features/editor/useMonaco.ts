// The Monaco API once loaded (null until then), with the theme kept in step
// with the system's light or dark preference.

import { useEffect, useState } from 'react';
import { useColorScheme } from '../../app/useColorScheme.js';
import { loadMonaco, monacoTheme, type MonacoApi } from './monacoLoader.js';

export function useMonaco(): MonacoApi | null {
  const [monaco, setMonaco] = useState<MonacoApi | null>(null);
  const scheme = useColorScheme();
  useEffect(() => {
    let live = true;
    void loadMonaco().then((api) => live && setMonaco(api));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    monaco?.editor.setTheme(monacoTheme(scheme));
  }, [monaco, scheme]);
  return monaco;
}
