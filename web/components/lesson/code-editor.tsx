"use client";

// Monaco from our own build (public/monaco, copied from the monaco-editor package at build time):
// never a CDN, so the editor works offline behind a firewall. This module is loaded only by
// pages that edit code (next/dynamic), so the catalogue never downloads it.

import Editor, { loader } from "@monaco-editor/react";

loader.config({ paths: { vs: "/monaco/vs" } });

const MONACO_LANGUAGE: Record<string, string> = {
  python3: "python",
  python: "python",
  c: "c",
  cpp: "cpp",
  java: "java",
  javascript: "javascript",
  node: "javascript",
  typescript: "typescript",
  go: "go",
  rust: "rust",
  ruby: "ruby",
  php: "php",
  csharp: "csharp",
  kotlin: "kotlin",
  bash: "shell",
  sql: "sql",
  postgresql: "pgsql",
  // Haskell has no Monaco grammar: plain text.
};

export default function CodeEditor({
  language,
  value,
  onChange,
  dark,
  label,
}: {
  language: string;
  value: string;
  onChange: (value: string) => void;
  dark: boolean;
  label: string;
}) {
  return (
    <Editor
      height="100%"
      language={MONACO_LANGUAGE[language] ?? "plaintext"}
      value={value}
      theme={dark ? "vs-dark" : "vs"}
      onChange={(v) => onChange(v ?? "")}
      loading={<p className="p-4 text-muted-fg">Loading the editor…</p>}
      options={{
        ariaLabel: label,
        minimap: { enabled: false },
        fontSize: 14,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 4,
        // Tab indents; Ctrl+M (or Cmd+M) toggles Tab moving focus out of the editor instead
        tabFocusMode: false,
      }}
    />
  );
}
