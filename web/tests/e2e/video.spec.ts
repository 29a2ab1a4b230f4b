// Video lessons, end to end: an instructor uploads a clip resumably (the page is reloaded in the
// middle of the upload and it goes on from the server's offset), follows the transcode live,
// adds a caption track and shows the video in a lesson; a learner plays it (the player's time
// advances, captions are offered), and what was watched is counted. Pages are checked with axe
// and captured at phone and desktop widths.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { review, signIn, token, unique } from "./helpers";

const INSTRUCTOR = { email: "instructor@demo.example.com", password: "demo-instructor-pw" };
const CLIP = process.env.E2E_VIDEO ?? "";
const CHUNK = 256 * 1024;
// a 2×1 PNG
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAM/wH/k4kM1QAAAABJRU5ErkJggg==";
const slug = unique("e2e-video");
const learner = { email: `${unique("viewer")}@example.com`, password: "watch it all", name: "Ada Viewer" };
let lessonId = "";

test.describe.configure({ mode: "serial" });

test("an instructor uploads a video across a reload, follows its transcode, adds captions and shows it in a lesson", async ({ page, request }) => {
  expect(CLIP, "E2E_VIDEO names the clip to upload").not.toBe("");
  const auth = { Authorization: `Bearer ${await token(request, INSTRUCTOR)}` };
  expect((await request.post("/api/v1/courses", { headers: auth, data: { slug, title: "Watching" } })).status()).toBe(201);
  const section = (await (await request.post(`/api/v1/courses/${slug}/sections`, { headers: auth, data: { title: "Week 1" } })).json()) as { id: string };
  const lesson = await request.post(`/api/v1/courses/${slug}/sections/${section.id}/lessons`, {
    headers: auth,
    data: { kind: "video", title: "The test card", status: "published" },
  });
  lessonId = ((await lesson.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/courses/${slug}/publish`, { headers: auth })).status()).toBe(200);

  // a cover image first (stored re-encoded through blob storage, like the video)
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto(`/teach/${slug}`);
  await page.getByLabel("Cover image").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: Buffer.from(PNG, "base64") });
  await expect(page.getByAltText("The course's cover")).toBeVisible();
  expect(await page.getByAltText("The course's cover").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);

  await page.addInitScript((chunk) => ((window as { __uwUploadChunk?: number }).__uwUploadChunk = chunk), CHUNK);
  // the third part never gets an answer: the page is reloaded while it hangs
  let parts = 0;
  await page.route("**/videos/tus/*", async (route) => {
    if (route.request().method() !== "PATCH") return route.fallback();
    parts += 1;
    if (parts <= 2) return route.fallback();
    await new Promise(() => {}); // hang
  });
  await page.goto(`/teach/${slug}/videos`);
  await page.getByLabel("Upload a video").setInputFiles(CLIP);
  await expect(page.getByTestId("upload-progress")).toContainText(`Uploading ${basename(CLIP)}`);
  await expect.poll(() => parts).toBe(3);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.reload();
  await expect(page.getByText(/Unfinished: .*\((\d+)%\)/)).toBeVisible();
  await expect(page.getByTestId("video-status")).toHaveText("Uploading");

  // the same file again: it goes on from what the server has, not from the start
  const listed = (await (await request.get(`/api/v1/courses/${slug}/videos`, { headers: auth })).json()) as { received_bytes: number }[];
  const had = listed[0]?.received_bytes ?? 0;
  expect(had).toBeGreaterThanOrEqual(2 * CHUNK);
  expect(had).toBeLessThan(readFileSync(CLIP).length);
  const resumed = page.waitForRequest((r) => r.method() === "PATCH" && r.url().includes("/videos/tus/"));
  await page.getByLabel("Upload a video").setInputFiles(CLIP);
  expect((await resumed).headers()["upload-offset"]).toBe(String(had));
  await expect(page.getByTestId("video-status")).toHaveText(/^Ready/, { timeout: 150_000 });
  await expect(page.getByTestId("video-status")).toContainText("720p");

  await page.getByText("Captions (0)").click();
  await page.getByLabel("WebVTT or SubRip file").setInputFiles({
    name: "en.vtt",
    mimeType: "text/vtt",
    buffer: Buffer.from("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nA test card, with a tone\n"),
  });
  await page.getByRole("button", { name: "Add captions" }).click();
  await expect(page.getByText("Captions (1)")).toBeVisible();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("video-player")).toBeVisible();
  await review(page, "teach-videos");

  await page.goto(`/teach/${slug}/lessons/${lessonId}`);
  await page.getByLabel("Video", { exact: true }).selectOption({ label: `${basename(CLIP)} (ready)` });
  await page.getByLabel("Complete when the learner…").selectOption("must_watch");
  await page.getByLabel("Share of the video to watch (percent)").fill("20");
  await page.getByRole("button", { name: "Save lesson" }).click();
  await expect(page.getByText("Lesson saved", { exact: true })).toBeVisible();
});

test("a learner plays the video lesson with captions and what was watched counts", async ({ page, request }) => {
  expect((await request.post("/api/v1/auth/register", { data: learner })).status()).toBe(201);
  await signIn(page, learner.email, learner.password);
  const sprites: number[] = []; // the scrubbing previews' tiles load from the signed directory
  page.on("response", (r) => {
    if (r.url().includes("sprite.jpg")) sprites.push(r.status());
  });
  await page.goto(`/courses/${slug}`);
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await page.goto(`/learn/${slug}/${lessonId}`);
  const player = page.getByTestId("video-player");
  await expect(player).toBeVisible();
  await expect(page.getByTestId("watched")).toHaveText("Watched 0%");
  await player.getByRole("button", { name: "Play" }).first().click();
  await expect
    .poll(() => page.evaluate(() => document.querySelector("video")?.currentTime ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(3);
  expect(await page.evaluate(() => Array.from(document.querySelector("video")?.textTracks ?? []).map((t) => t.language))).toContain("en");
  await page.evaluate(() => document.querySelector("video")?.pause()); // reported on pause
  await expect(page.getByTestId("watched")).not.toHaveText("Watched 0%");
  await expect(page.getByTestId("lesson-state")).toHaveText("Completed", { timeout: 20_000 });
  const at = await page.evaluate(() => document.querySelector("video")?.currentTime ?? 0);
  // back later: the player starts where the learner left off
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => document.querySelector("video")?.currentTime ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(at - 1.5);
  await review(page, "video-lesson");
  expect(sprites.length).toBeGreaterThan(0);
  expect(sprites.filter((status) => status >= 400)).toEqual([]);
});
