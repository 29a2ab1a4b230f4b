"use client";

// The video player: Vidstack's accessible default layout (keyboard shortcuts, captions menu,
// quality menu, thumbnail previews while scrubbing, a phone layout) over hls.js, bundled here
// rather than fetched from a CDN. It starts where the learner left off and reports what was
// actually played: spans of continuous playback, not positions, so skipping ahead is not
// watching. Signed links expire after a few hours; an expired one (410) is renewed and playback
// resumes where it was.
import "@vidstack/react/player/styles/default/theme.css";
import "@vidstack/react/player/styles/default/layouts/video.css";
import { isHLSProvider, MediaPlayer, type MediaPlayerInstance, MediaProvider, Poster, type MediaProviderAdapter } from "@vidstack/react";
import { DefaultVideoLayout, defaultLayoutIcons } from "@vidstack/react/player/layouts/default";
import Hls from "hls.js";
import * as React from "react";
import type { components } from "@/lib/api/schema";

type Playback = components["schemas"]["PlaybackOut"];
export type Span = [number, number];

const TICK_MS = 500;
const MAX_STEP_S = 2; // a bigger jump between ticks is a seek, not playback

/** Collects the spans played, tick by tick; `take` hands over what was collected since. */
export class PlayedSpans {
  private spans: Span[] = [];
  private last: number | null = null;

  tick(time: number, playing: boolean): void {
    if (!playing) {
      this.last = null;
      return;
    }
    const last = this.last;
    this.last = time;
    if (last === null || time <= last || time - last > MAX_STEP_S) return;
    const open = this.spans[this.spans.length - 1];
    if (open && Math.abs(open[1] - last) < 1e-6) open[1] = time;
    else this.spans.push([last, time]);
  }

  take(): Span[] {
    const out = this.spans;
    this.spans = [];
    return out;
  }
}

export function VideoPlayer({
  playback,
  title,
  onReport,
  onExpired,
}: {
  playback: Playback;
  title: string;
  onReport?: (played: Span[], position: number) => void;
  onExpired?: () => void;
}) {
  const player = React.useRef<MediaPlayerInstance>(null);
  const spans = React.useRef(new PlayedSpans());
  const resumeAt = React.useRef(playback.position);
  const resumed = React.useRef(false);
  const reportRef = React.useRef(onReport);
  reportRef.current = onReport;

  // a renewed link (same video) resumes where the player was
  const src = playback.hls;
  React.useEffect(() => {
    resumed.current = false;
  }, [src]);

  React.useEffect(() => {
    const flush = () => {
      const p = player.current;
      if (!p || !reportRef.current) return;
      const played = spans.current.take();
      if (played.length || p.currentTime > 0) reportRef.current(played, p.currentTime);
    };
    const tick = window.setInterval(() => {
      const p = player.current;
      if (!p) return;
      spans.current.tick(p.currentTime, !p.paused && !p.state.seeking && !p.state.waiting);
      if (!p.paused && p.currentTime > 0) resumeAt.current = p.currentTime;
    }, TICK_MS);
    const report = window.setInterval(flush, 10_000);
    const hidden = () => document.visibilityState === "hidden" && flush();
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.clearInterval(tick);
      window.clearInterval(report);
      document.removeEventListener("visibilitychange", hidden);
      flush();
    };
  }, []);

  // The default layout's scrubbing preview is an <img> without alt text; it shows a frame
  // of the video the slider already names, so it is decorative: alt="" (axe: image-alt)
  const box = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const root = box.current;
    if (!root) return;
    const mark = () => root.querySelectorAll("img:not([alt])").forEach((img) => img.setAttribute("alt", ""));
    mark();
    const watch = new MutationObserver(mark);
    watch.observe(root, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, []);

  const providerChange = React.useCallback((provider: MediaProviderAdapter | null) => {
    if (isHLSProvider(provider)) provider.library = Hls; // bundled: no CDN
  }, []);

  // Vidstack resolves the sprite named in the index against the index's URL only when that URL
  // is absolute (otherwise against the page's): make it absolute, or every tile is a 404
  const thumbnails = typeof window === "undefined" ? playback.thumbnails : new URL(playback.thumbnails, window.location.href).href;

  return (
    <div ref={box}>
    <MediaPlayer
      ref={player}
      title={title}
      src={{ src, type: "application/x-mpegurl" }}
      playsInline
      crossOrigin
      onProviderChange={providerChange}
      onCanPlay={() => {
        if (!resumed.current && resumeAt.current > 1 && player.current) {
          resumed.current = true;
          player.current.currentTime = resumeAt.current;
        }
      }}
      onPause={() => {
        const p = player.current;
        if (p && reportRef.current) reportRef.current(spans.current.take(), p.currentTime);
      }}
      onError={() => onExpired?.()}
      className="aspect-video w-full overflow-hidden rounded-md bg-black"
      data-testid="video-player"
    >
      <MediaProvider>
        <Poster className="vds-poster" src={playback.poster} alt={`${title}: the opening frame`} />
      </MediaProvider>
      <DefaultVideoLayout icons={defaultLayoutIcons} thumbnails={thumbnails} />
    </MediaPlayer>
    </div>
  );
}
