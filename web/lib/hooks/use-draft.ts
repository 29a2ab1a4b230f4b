"use client";

import * as React from "react";

/** A text kept in this browser across reloads (and across a sign-in that interrupted the work). */
export function useDraft(key: string, initial: string): [string, (value: string) => void, () => void] {
  const [value, setValue] = React.useState(initial);
  const loaded = React.useRef<string | null>(null);
  React.useEffect(() => {
    const saved = window.localStorage.getItem(key);
    setValue(saved ?? initial);
    loaded.current = key;
  }, [key, initial]);
  React.useEffect(() => {
    if (loaded.current !== key) return;
    const timer = setTimeout(() => {
      try {
        window.localStorage.setItem(key, value);
      } catch {
        /* storage full or disabled: the draft lives as long as the page */
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [key, value]);
  const reset = React.useCallback(() => {
    window.localStorage.removeItem(key);
    setValue(initial);
  }, [key, initial]);
  return [value, setValue, reset];
}
