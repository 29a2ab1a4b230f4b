"use client";

import * as React from "react";

/** Light, dark, or the system's: remembered per browser; the script in the layout applies it before paint. */
export function ThemeToggle() {
  const [dark, setDark] = React.useState<boolean | null>(null);
  React.useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  const toggle = () => {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("uw-theme", next ? "dark" : "light");
    setDark(next);
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label={dark ? "Switch to light theme" : "Switch to dark theme"}
      className="min-h-10 min-w-10 rounded-md px-2 hover:bg-muted"
    >
      <span aria-hidden>{dark ? "☀" : "☾"}</span>
    </button>
  );
}

export const themeScript = `try{var t=localStorage.getItem("uw-theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;
