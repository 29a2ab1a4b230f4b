"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import * as React from "react";
import { cn } from "@/lib/utils";

export interface ToastMessage {
  id: number;
  title: string;
  description?: string;
  tone?: "info" | "error" | "success";
}

type Push = (message: Omit<ToastMessage, "id">) => void;
const ToastContext = React.createContext<Push>(() => {});

export function useToast(): Push {
  return React.useContext(ToastContext);
}

let counter = 0;

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [messages, setMessages] = React.useState<ToastMessage[]>([]);
  const push = React.useCallback<Push>((message) => {
    counter += 1;
    const id = counter;
    setMessages((all) => [...all.slice(-3), { ...message, id }]);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      <ToastPrimitive.Provider swipeDirection="right" duration={6000}>
        {children}
        {messages.map((m) => (
          <ToastPrimitive.Root
            key={m.id}
            type={m.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) setMessages((all) => all.filter((x) => x.id !== m.id));
            }}
            className={cn(
              "rounded-md border bg-card p-3 pr-8 shadow-lg relative",
              m.tone === "error" ? "border-danger" : m.tone === "success" ? "border-success" : "border-border",
            )}
          >
            <ToastPrimitive.Title className="text-sm font-semibold">{m.title}</ToastPrimitive.Title>
            {m.description && (
              <ToastPrimitive.Description className="text-sm text-muted-fg">{m.description}</ToastPrimitive.Description>
            )}
            <ToastPrimitive.Close aria-label="Dismiss" className="absolute right-2 top-2 rounded px-1 text-muted-fg hover:bg-muted">
              ×
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed bottom-0 right-0 z-50 flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}
