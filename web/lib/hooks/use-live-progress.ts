"use client";

import { useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { follow } from "@/lib/api/sse";
import type { components } from "@/lib/api/schema";

type Outline = components["schemas"]["OutlineOut"];

interface ProgressEvent {
  lesson_id?: string;
  lesson_state?: string;
  percent?: number;
  course_completed?: boolean;
  last_lesson_id?: string | null;
  lessons?: Record<string, string>;
}

/** Keep the cached outline of `slug` in step with the learner's progress stream. */
export function useLiveProgress(slug: string, enabled: boolean): void {
  const queryClient = useQueryClient();
  React.useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const apply = (data: ProgressEvent, snapshot: boolean) => {
      queryClient.setQueryData<Outline>(["outline", slug], (outline) => {
        if (!outline) return outline;
        const states: Record<string, string> = snapshot ? (data.lessons ?? {}) : {};
        if (!snapshot && data.lesson_id && data.lesson_state) states[data.lesson_id] = data.lesson_state;
        return {
          ...outline,
          percent: data.percent ?? outline.percent,
          last_lesson_id: data.last_lesson_id ?? outline.last_lesson_id,
          sections: outline.sections.map((s) => ({
            ...s,
            lessons: s.lessons.map((l) => (states[l.id] ? { ...l, progress: states[l.id] } : l)),
          })),
        };
      });
      if (data.course_completed) {
        // unlocks and the certificate follow from completion: read them fresh
        void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
        void queryClient.invalidateQueries({ queryKey: ["certificate", slug] });
      } else if (!snapshot && data.lesson_state === "completed") {
        void queryClient.invalidateQueries({ queryKey: ["outline", slug] }); // locks may lift
      }
    };
    void follow(`/api/v1/courses/${encodeURIComponent(slug)}/progress/events`, {
      signal: controller.signal,
      onEvent: (event) => {
        const data = event.data as ProgressEvent;
        apply(data, event.event === "snapshot");
        return false;
      },
    });
    return () => controller.abort();
  }, [slug, enabled, queryClient]);
}
