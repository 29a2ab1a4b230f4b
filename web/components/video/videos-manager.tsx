"use client";

// The course's videos, for its staff: resumable uploads (tus-js-client; a reloaded page asks for
// the same file and goes on from what the server has), transcoding followed live over SSE, errors
// with their reasons and a retry, caption tracks, a preview, delete.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import * as React from "react";
import * as tus from "tus-js-client";
import { TeachNav } from "@/components/teach/course-editor";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { follow } from "@/lib/api/sse";
import { getAccessToken, refresh } from "@/lib/auth/session";
import { percent } from "@/lib/utils";

type Video = components["schemas"]["VideoOut"];

const VideoPlayer = dynamic(() => import("@/components/video/video-player").then((m) => m.VideoPlayer), {
  ssr: false,
  loading: () => <div className="aspect-video w-full animate-pulse rounded-md bg-muted" />,
});

const STATUS: Record<string, string> = {
  waiting_upload: "Uploading",
  processing: "Processing",
  ready: "Ready",
  errored: "Failed",
};

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function VideosManager({ slug }: { slug: string }) {
  const videos = useQuery({
    queryKey: ["videos", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/videos", { params: { path: { slug } } })),
  });
  return (
    <div className="flex flex-col gap-4">
      <TeachNav slug={slug} here={`/teach/${slug}/videos`} />
      <h1 className="text-2xl font-bold">Videos</h1>
      <Uploader slug={slug} unfinished={videos.data?.filter((v) => v.status === "waiting_upload") ?? []} />
      {videos.isPending ? (
        <Loading label="Loading the videos" />
      ) : videos.isError ? (
        <ErrorState error={videos.error} retry={() => videos.refetch()} />
      ) : videos.data.length === 0 ? (
        <Empty>No videos yet. Upload one, then show it in a video lesson.</Empty>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Videos">
          {videos.data.map((v) => (
            <li key={v.id}>
              <VideoRow slug={slug} video={v} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Uploader({ slug, unfinished }: { slug: string; unfinished: Video[] }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [sending, setSending] = React.useState<{ name: string; sent: number; total: number } | null>(null);
  const current = React.useRef<tus.Upload | null>(null);
  React.useEffect(() => () => void current.current?.abort(), []);

  const start = async (file: File) => {
    const upload = new tus.Upload(file, {
      endpoint: `${window.location.origin}/api/v1/courses/${slug}/videos/tus`,
      // parts of 8 MiB (a lost connection costs at most one); journeys set smaller ones
      chunkSize: (window as { __uwUploadChunk?: number }).__uwUploadChunk ?? 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      metadata: { filename: file.name, filetype: file.type },
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (request) => {
        const token = getAccessToken();
        if (token) request.setHeader("Authorization", `Bearer ${token}`);
      },
      onShouldRetry: (error) => {
        const status = (error as tus.DetailedError).originalResponse?.getStatus() ?? 0;
        if (status === 401) {
          void refresh();
          return true;
        }
        return status === 0 || status === 409 || status === 423 || status >= 500;
      },
      onProgress: (sent, total) => setSending({ name: file.name, sent, total }),
      onSuccess: () => {
        setSending(null);
        current.current = null;
        toast({ title: "Uploaded", description: `${file.name} is being processed.`, tone: "success" });
        void queryClient.invalidateQueries({ queryKey: ["videos", slug] });
      },
      onError: (error) => {
        setSending(null);
        current.current = null;
        const body = (error as tus.DetailedError).originalResponse?.getBody();
        let detail = error.message;
        try {
          detail = body ? (JSON.parse(body) as { detail?: string }).detail ?? detail : detail;
        } catch {
          /* not problem+json */
        }
        toast({ title: "The upload failed", description: detail, tone: "error" });
        void queryClient.invalidateQueries({ queryKey: ["videos", slug] });
      },
    });
    current.current = upload;
    const previous = await upload.findPreviousUploads();
    const last = previous[0];
    if (last) upload.resumeFromPreviousUpload(last);
    setSending({ name: file.name, sent: 0, total: file.size });
    upload.start();
    // the list shows the new video (waiting for its upload) once the server has made it
    window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: ["videos", slug] }), 1500);
  };

  return (
    <Card className="flex flex-col gap-3 p-4">
      <Field id="video-file" label="Upload a video" hint="MP4, MOV, WebM… Large files upload in parts and continue after a lost connection or a reload.">
        <Input
          type="file"
          accept="video/*"
          disabled={sending !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void start(file);
          }}
        />
      </Field>
      {sending && (
        <div className="flex flex-col gap-1" aria-live="polite">
          <p className="text-sm" data-testid="upload-progress">
            Uploading {sending.name}: {percent((100 * sending.sent) / Math.max(1, sending.total))} ({megabytes(sending.sent)} of {megabytes(sending.total)})
          </p>
          <ProgressBar value={(100 * sending.sent) / Math.max(1, sending.total)} label={`Uploading ${sending.name}`} />
          <div>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                void current.current?.abort();
                current.current = null;
                setSending(null);
              }}
            >
              Pause
            </Button>
          </div>
        </div>
      )}
      {!sending && unfinished.length > 0 && (
        <p className="text-sm text-muted-fg" role="status">
          Unfinished: {unfinished.map((v) => `${v.filename} (${percent((100 * v.received_bytes) / Math.max(1, v.size_bytes))})`).join(", ")}. Choose the same file again to continue where it stopped.
        </p>
      )}
    </Card>
  );
}

function useLiveVideo(slug: string, video: Video): Video {
  const queryClient = useQueryClient();
  const [live, setLive] = React.useState(video);
  React.useEffect(() => setLive(video), [video]);
  const following = video.status === "processing" || video.status === "waiting_upload";
  React.useEffect(() => {
    if (!following) return;
    const stop = new AbortController();
    void follow(`/api/v1/courses/${slug}/videos/${video.id}/events`, {
      signal: stop.signal,
      onEvent: (event) => {
        const data = event.data as Partial<Video>;
        setLive((v) => ({ ...v, ...data }));
        if (data.status === "ready" || data.status === "errored") {
          void queryClient.invalidateQueries({ queryKey: ["videos", slug] });
          return true;
        }
        return false;
      },
    });
    return () => stop.abort();
  }, [following, slug, video.id, queryClient]);
  return live;
}

function VideoRow({ slug, video }: { slug: string; video: Video }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const v = useLiveVideo(slug, video);
  const [preview, setPreview] = React.useState(false);
  const path = { slug, asset_id: v.id };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["videos", slug] });
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/videos/{asset_id}/retry", { params: { path } })),
    onSuccess: refresh,
    onError: (e) => toast({ title: "Couldn't retry", description: e.message, tone: "error" }),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/courses/{slug}/videos/{asset_id}", { params: { path } })),
    onSuccess: refresh,
    onError: (e) => toast({ title: "Couldn't delete", description: e.message, tone: "error" }),
  });
  const playback = useQuery({
    queryKey: ["video-preview", slug, v.id],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/videos/{asset_id}/playback", { params: { path } })),
    enabled: preview && v.status === "ready",
  });
  const done = v.status === "waiting_upload" ? v.received_bytes / Math.max(1, v.size_bytes) : v.progress;
  return (
    <Card className="flex flex-col gap-3 p-4" data-testid="video-row">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold break-all">{v.filename}</h2>
        <span className="text-sm" data-testid="video-status">
          {STATUS[v.status] ?? v.status}
          {v.status === "ready" && v.duration ? ` · ${Math.round(v.duration)} s · ${v.renditions.map((r) => r.name).join(", ")}` : ""}
          {v.status === "processing" && v.playable ? ` · playable in ${v.renditions.filter((r) => r.ready).map((r) => r.name).join(", ")}` : ""}
        </span>
      </div>
      {(v.status === "processing" || v.status === "waiting_upload") && (
        <div aria-live="polite">
          <p className="text-sm text-muted-fg" data-testid="video-progress">
            {v.status === "processing" ? "Transcoding" : "Received"} {percent(done * 100)}
          </p>
          <ProgressBar value={done * 100} label={`${STATUS[v.status]} ${v.filename}`} />
        </div>
      )}
      {v.status === "errored" && (
        <p className="text-sm text-danger" role="alert">
          {v.error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {v.status === "ready" && (
          <Button type="button" variant="secondary" onClick={() => setPreview((p) => !p)} aria-expanded={preview}>
            {preview ? "Hide preview" : "Preview"}
          </Button>
        )}
        {v.status === "errored" && (
          <Button type="button" variant="secondary" onClick={() => retry.mutate()} disabled={retry.isPending}>
            Retry
          </Button>
        )}
        <Button
          type="button"
          variant="secondary"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete ${v.filename} and every file made from it? Lessons showing it will show nothing.`)) remove.mutate();
          }}
        >
          Delete
        </Button>
      </div>
      {preview && playback.data && <VideoPlayer playback={playback.data} title={v.filename} />}
      {v.status === "ready" && <Captions slug={slug} video={v} />}
    </Card>
  );
}

function Captions({ slug, video }: { slug: string; video: Video }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [language, setLanguage] = React.useState("en");
  const [label, setLabel] = React.useState("English");
  const [file, setFile] = React.useState<File | null>(null);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("Choose a WebVTT or SubRip file.");
      const form = new FormData();
      form.append("file", file);
      return unwrap(
        api.PUT("/api/v1/courses/{slug}/videos/{asset_id}/captions/{language}", {
          params: { path: { slug, asset_id: video.id, language: language.trim() }, query: { label } },
          body: form as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      );
    },
    onMutate: () => setErrors({}),
    onSuccess: () => {
      setFile(null);
      toast({ title: "Captions added", tone: "success" });
      void queryClient.invalidateQueries({ queryKey: ["videos", slug] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      toast({ title: "Couldn't add the captions", description: e.message, tone: "error" });
    },
  });
  const remove = useMutation({
    mutationFn: (lang: string) =>
      unwrap(api.DELETE("/api/v1/courses/{slug}/videos/{asset_id}/captions/{language}", { params: { path: { slug, asset_id: video.id, language: lang } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["videos", slug] }),
  });
  return (
    <details className="text-sm">
      <summary className="cursor-pointer">Captions ({video.captions.length})</summary>
      <ul className="my-2 flex flex-col gap-1">
        {video.captions.map((c) => (
          <li key={c.language} className="flex items-center gap-2">
            {c.label} ({c.language})
            <Button type="button" variant="secondary" onClick={() => remove.mutate(c.language)}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="grid gap-2 sm:grid-cols-[8rem_1fr_1fr_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Field id={`cap-lang-${video.id}`} label="Language" error={errors.language}>
          <Input value={language} onChange={(e) => setLanguage(e.target.value)} placeholder="en" />
        </Field>
        <Field id={`cap-label-${video.id}`} label="Label" error={errors.label}>
          <Input value={label} onChange={(e) => setLabel(e.target.value)} />
        </Field>
        <Field id={`cap-file-${video.id}`} label="WebVTT or SubRip file" error={errors.file}>
          <Input type="file" accept=".vtt,.srt,text/vtt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <Button type="submit" disabled={add.isPending}>
          Add captions
        </Button>
      </form>
    </details>
  );
}
