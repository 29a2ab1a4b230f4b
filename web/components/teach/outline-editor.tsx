"use client";

import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Outline = components["schemas"]["OutlineOut"];
type Section = Outline["sections"][number];

/** The whole order in one request (PUT /outline): the service assigns sort keys, no renumbering. */
function orderOf(sections: Section[]) {
  return { sections: sections.map((s) => ({ id: s.id, lessons: s.lessons.map((l) => l.id) })) };
}

export function moveLesson(sections: Section[], lessonId: string, delta: -1 | 1): Section[] {
  const si = sections.findIndex((s) => s.lessons.some((l) => l.id === lessonId));
  if (si < 0) return sections;
  const section = sections[si]!;
  const li = section.lessons.findIndex((l) => l.id === lessonId);
  const lesson = section.lessons[li]!;
  const copy = sections.map((s) => ({ ...s, lessons: [...s.lessons] }));
  const target = li + delta;
  if (target >= 0 && target < section.lessons.length) {
    copy[si]!.lessons = arrayMove(copy[si]!.lessons, li, target);
    return copy;
  }
  // past the section's edge: into the neighbouring section (its end going up, its start going down)
  const next = si + delta;
  if (next < 0 || next >= copy.length) return sections;
  copy[si]!.lessons.splice(li, 1);
  if (delta < 0) copy[next]!.lessons.push(lesson);
  else copy[next]!.lessons.unshift(lesson);
  return copy;
}

function Handle({ label, listeners, attributes }: { label: string; listeners: object | undefined; attributes: object }) {
  return (
    <button type="button" aria-label={label} className="cursor-grab touch-none rounded px-2 py-1 text-muted-fg hover:bg-muted" {...attributes} {...listeners}>
      ⠿
    </button>
  );
}

/** A destructive action in two steps (no modal): the first press asks, the second does it. */
function ConfirmButton({ label, confirm, onConfirm }: { label: string; confirm: string; onConfirm: () => void }) {
  const [asking, setAsking] = React.useState(false);
  React.useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), 5000);
    return () => clearTimeout(timer);
  }, [asking]);
  return asking ? (
    <Button variant="danger" size="sm" onClick={onConfirm}>
      {confirm}
    </Button>
  ) : (
    <Button variant="ghost" size="sm" aria-label={label} onClick={() => setAsking(true)}>
      ✕
    </Button>
  );
}

function useOutlineChange(slug: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (change: () => Promise<unknown>) => change(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["outline", slug] }),
    onError: (e) => toast({ title: "Couldn't change the outline", description: e.message, tone: "error" }),
  });
}

function LessonRow({
  slug,
  lesson,
  onMove,
  first,
  last,
}: {
  slug: string;
  lesson: Section["lessons"][number];
  onMove: (delta: -1 | 1) => void;
  first: boolean;
  last: boolean;
}) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id: lesson.id });
  const change = useOutlineChange(slug);
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className="flex items-center gap-2 bg-card px-2 py-1" data-testid="outline-lesson">
      <Handle label={`Reorder lesson ${lesson.title}`} listeners={listeners} attributes={attributes} />
      <Link href={`/teach/${slug}/lessons/${lesson.id}`} className="flex-1 hover:underline">
        {lesson.title}
      </Link>
      <span className="text-xs text-muted-fg">{lesson.kind}</span>
      <span className={`rounded px-2 text-xs ${lesson.status === "published" ? "bg-success/20" : "bg-warning/20"}`}>{lesson.status}</span>
      <Button variant="ghost" size="sm" aria-label={`Move ${lesson.title} up`} disabled={first} onClick={() => onMove(-1)}>
        ↑
      </Button>
      <Button variant="ghost" size="sm" aria-label={`Move ${lesson.title} down`} disabled={last} onClick={() => onMove(1)}>
        ↓
      </Button>
      <ConfirmButton
        label={`Delete lesson ${lesson.title}`}
        confirm="Delete?"
        onConfirm={() =>
          change.mutate(() =>
            unwrap(api.DELETE("/api/v1/courses/{slug}/lessons/{lesson_id}", { params: { path: { slug, lesson_id: lesson.id } } })),
          )
        }
      />
    </li>
  );
}

function SectionBlock({
  slug,
  section,
  index,
  count,
  sections,
  save,
}: {
  slug: string;
  section: Section;
  index: number;
  count: number;
  sections: Section[];
  save: (next: Section[]) => void;
}) {
  const sortable = useSortable({ id: `section:${section.id}` });
  const change = useOutlineChange(slug);
  const [renaming, setRenaming] = React.useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = section.lessons.findIndex((l) => l.id === e.active.id);
    const to = section.lessons.findIndex((l) => l.id === e.over!.id);
    save(sections.map((s) => (s.id === section.id ? { ...s, lessons: arrayMove(s.lessons, from, to) } : s)));
  };
  const all = sections.flatMap((s) => s.lessons.map((l) => l.id));
  const titleOf = (id: string | number) => section.lessons.find((l) => l.id === id)?.title ?? "lesson";
  const place = (id: string | number) => section.lessons.findIndex((l) => l.id === id) + 1;
  // what a screen reader hears while a lesson is moved by keyboard
  const announcements = {
    onDragStart: ({ active }: { active: { id: string | number } }) =>
      `Picked up ${titleOf(active.id)}, at place ${place(active.id)} of ${section.lessons.length}.`,
    onDragOver: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) =>
      over ? `${titleOf(active.id)} moved to place ${place(over.id)}.` : `${titleOf(active.id)} is outside the list.`,
    onDragEnd: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) =>
      over ? `${titleOf(active.id)} dropped at place ${place(over.id)}.` : `${titleOf(active.id)} put back.`,
    onDragCancel: ({ active }: { active: { id: string | number } }) => `Moving ${titleOf(active.id)} cancelled.`,
  };
  return (
    <li ref={sortable.setNodeRef} style={{ transform: CSS.Transform.toString(sortable.transform), transition: sortable.transition }} className="rounded-md border border-border bg-card" data-testid="outline-section">
      <div className="flex items-center gap-2 border-b border-border px-2 py-2">
        <Handle label={`Reorder section ${section.title}`} listeners={sortable.listeners} attributes={sortable.attributes} />
        {renaming === null ? (
          <h3 className="flex-1 font-semibold">
            {index + 1}. {section.title}
          </h3>
        ) : (
          <form
            className="flex flex-1 gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const title = renaming.trim();
              if (!title) return;
              change.mutate(
                () =>
                  unwrap(
                    api.PATCH("/api/v1/courses/{slug}/sections/{section_id}", {
                      params: { path: { slug, section_id: section.id } },
                      body: { title },
                    }),
                  ),
                { onSuccess: () => setRenaming(null) },
              );
            }}
          >
            <label htmlFor={`rename-${section.id}`} className="sr-only">
              Section title
            </label>
            <Input id={`rename-${section.id}`} value={renaming} onChange={(e) => setRenaming(e.target.value)} autoFocus />
            <Button type="submit" size="sm">
              Save
            </Button>
          </form>
        )}
        {renaming === null && (
          <Button variant="ghost" size="sm" aria-label={`Rename section ${section.title}`} onClick={() => setRenaming(section.title)}>
            ✎
          </Button>
        )}
        <Button variant="ghost" size="sm" aria-label={`Move section ${section.title} up`} disabled={index === 0} onClick={() => save(arrayMove(sections, index, index - 1))}>
          ↑
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Move section ${section.title} down`} disabled={index === count - 1} onClick={() => save(arrayMove(sections, index, index + 1))}>
          ↓
        </Button>
        <ConfirmButton
          label={`Delete section ${section.title}`}
          confirm="Delete with its lessons?"
          onConfirm={() =>
            change.mutate(() =>
              unwrap(api.DELETE("/api/v1/courses/{slug}/sections/{section_id}", { params: { path: { slug, section_id: section.id } } })),
            )
          }
        />
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements }}>
        <SortableContext items={section.lessons.map((l) => l.id)} strategy={verticalListSortingStrategy}>
          <ol className="divide-y divide-border">
            {section.lessons.map((l) => (
              <LessonRow
                key={l.id}
                slug={slug}
                lesson={l}
                first={all[0] === l.id}
                last={all[all.length - 1] === l.id}
                onMove={(delta) => save(moveLesson(sections, l.id, delta))}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <AddLesson slug={slug} sectionId={section.id} />
    </li>
  );
}

function AddLesson({ slug, sectionId }: { slug: string; sectionId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [title, setTitle] = React.useState("");
  const [kind, setKind] = React.useState<"text" | "challenge" | "video" | "quiz" | "link">("text");
  const [challenge, setChallenge] = React.useState("");
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/courses/{slug}/sections/{section_id}/lessons", {
          params: { path: { slug, section_id: sectionId } },
          body: { title, kind, challenge: kind === "challenge" ? challenge : undefined },
        }),
      ),
    onSuccess: () => {
      setTitle("");
      setChallenge("");
      void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
    },
    onError: (e) => toast({ title: "Couldn't add the lesson", description: e.message, tone: "error" }),
  });
  const id = `new-lesson-${sectionId}`;
  return (
    <form
      className="flex flex-wrap items-end gap-2 p-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) add.mutate();
      }}
    >
      <div className="min-w-40 flex-1">
        <label htmlFor={`${id}-title`} className="text-xs font-medium">
          New lesson title
        </label>
        <Input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div>
        <label htmlFor={`${id}-kind`} className="block text-xs font-medium">
          Kind
        </label>
        <Select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="text">Text</option>
          <option value="challenge">Challenge</option>
          <option value="video">Video</option>
          <option value="quiz">Quiz</option>
          <option value="link">Link</option>
        </Select>
      </div>
      {kind === "challenge" && (
        <div>
          <label htmlFor={`${id}-challenge`} className="text-xs font-medium">
            Challenge (URL name)
          </label>
          <Input id={`${id}-challenge`} value={challenge} onChange={(e) => setChallenge(e.target.value)} />
        </div>
      )}
      <Button type="submit" variant="outline" disabled={add.isPending || !title.trim()}>
        Add lesson
      </Button>
    </form>
  );
}

export function OutlineEditor({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [announce, setAnnounce] = React.useState("");
  const outline = useQuery({
    queryKey: ["outline", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/outline", { params: { path: { slug } } })),
  });
  const reorder = useMutation({
    mutationFn: (sections: Section[]) =>
      unwrap(api.PUT("/api/v1/courses/{slug}/outline", { params: { path: { slug } }, body: orderOf(sections) })),
    onMutate: async (sections) => {
      await queryClient.cancelQueries({ queryKey: ["outline", slug] });
      const before = queryClient.getQueryData<Outline>(["outline", slug]);
      queryClient.setQueryData<Outline>(["outline", slug], (o) => (o ? { ...o, sections } : o));
      return { before };
    },
    onError: (e, _s, context) => {
      queryClient.setQueryData(["outline", slug], context?.before);
      toast({ title: "Couldn't save the new order", description: e.message, tone: "error" });
    },
    onSuccess: () => setAnnounce("Order saved"),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["outline", slug] }),
  });
  const [sectionTitle, setSectionTitle] = React.useState("");
  const addSection = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/sections", { params: { path: { slug } }, body: { title: sectionTitle } })),
    onSuccess: () => {
      setSectionTitle("");
      void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
    },
    onError: (e) => toast({ title: "Couldn't add the section", description: e.message, tone: "error" }),
  });
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  if (outline.isPending) return <Loading label="Loading the outline" />;
  if (outline.isError) return <ErrorState error={outline.error} retry={() => outline.refetch()} />;
  const sections = outline.data.sections;
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = sections.findIndex((s) => `section:${s.id}` === e.active.id);
    const to = sections.findIndex((s) => `section:${s.id}` === e.over!.id);
    if (from >= 0 && to >= 0) reorder.mutate(arrayMove(sections, from, to));
  };
  return (
    <section aria-labelledby="outline-heading">
      <h2 id="outline-heading" className="text-xl font-semibold">
        Outline
      </h2>
      <p className="text-sm text-muted-fg">
        Drag the ⠿ handles, or focus one and press Space, the arrow keys, then Space to drop; the ↑ ↓ buttons move one step.
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={sections.map((s) => `section:${s.id}`)} strategy={verticalListSortingStrategy}>
          <ol className="mt-3 flex flex-col gap-3">
            {sections.map((s, i) => (
              <SectionBlock key={s.id} slug={slug} section={s} index={i} count={sections.length} sections={sections} save={(next) => reorder.mutate(next)} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <form
        className="mt-3 flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (sectionTitle.trim()) addSection.mutate();
        }}
      >
        <div className="flex-1">
          <label htmlFor="new-section" className="text-sm font-medium">
            New section title
          </label>
          <Input id="new-section" value={sectionTitle} onChange={(e) => setSectionTitle(e.target.value)} />
        </div>
        <Button type="submit" variant="outline" disabled={addSection.isPending || !sectionTitle.trim()}>
          Add section
        </Button>
      </form>
    </section>
  );
}
