"use client";

// A video lesson: the signed playback links for this learner, the player (loaded only on video
// lessons: it is the app's largest dependency), and the reports that count what was watched.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import * as React from "react";
import { ProgressBar } from "@/components/ui/progress";
import { ErrorState, Loading } from "@/components/ui/states";
import type { Span } from "@/components/video/video-player";
import { api, ApiError, unwrap } from "@/lib/api/client";
import { percent } from "@/lib/utils";

const VideoPlayer = dynamic(() => import("@/components/video/video-player").then((m) => m.VideoPlayer), {
  ssr: false,
  loading: () => <div className="aspect-video w-full animate-pulse rounded-md bg-muted" aria-label="Loading the player" />,
});

export function VideoLesson({ slug, lessonId, title }: { slug: string; lessonId: string; title: string }) {
  const queryClient = useQueryClient();
  const path = { slug, lesson_id: lessonId };
  const playback = useQuery({
    queryKey: ["playback", slug, lessonId],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/lessons/{lesson_id}/playback", { params: { path } })),
    staleTime: 30 * 60_000,
    refetchOnWindowFocus: false,
    retry: (count, error) => !(error instanceof ApiError && error.status === 409) && count < 2,
    // still being transcoded: look again until its first rendition is out
    refetchInterval: (query) => (query.state.error instanceof ApiError && query.state.error.status === 409 ? 10_000 : false),
  });
  const [watched, setWatched] = React.useState<number | null>(null);
  const report = useMutation({
    mutationFn: ({ played, position }: { played: Span[]; position: number }) =>
      unwrap(
        api.POST("/api/v1/courses/{slug}/lessons/{lesson_id}/watch", {
          params: { path },
          body: { played, position },
          keepalive: true,
        }),
      ),
    onSuccess: (done) => {
      if (!done) return; // staff previews are not recorded
      setWatched(done.watched);
      if (done.state === "completed") {
        void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
        void queryClient.invalidateQueries({ queryKey: ["my-courses"] });
      }
    },
  });
  const { mutate } = report;
  const send = React.useCallback(
    (played: Span[], position: number) => mutate({ played, position: Math.max(0, position) }),
    [mutate],
  );

  if (playback.isPending) return <Loading label="Loading the video" />;
  if (playback.isError) {
    if (playback.error instanceof ApiError && playback.error.status === 409)
      return (
        <p className="rounded-md border border-dashed border-border p-4 text-muted-fg" role="status">
          This video is still being processed. It will play here as soon as it is ready.
        </p>
      );
    return <ErrorState error={playback.error} retry={() => playback.refetch()} />;
  }
  const shown = watched ?? playback.data.watched;
  return (
    <div className="flex flex-col gap-2">
      <VideoPlayer
        playback={playback.data}
        title={title}
        onReport={send}
        onExpired={() => {
          if (new Date(playback.data.expires_at).getTime() - Date.now() < 60_000) void playback.refetch();
        }}
      />
      <div className="flex items-center gap-3 text-sm text-muted-fg">
        <span data-testid="watched">Watched {percent(shown * 100)}</span>
        <ProgressBar value={shown * 100} label="Share of the video watched" className="max-w-48" />
      </div>
    </div>
  );
}
