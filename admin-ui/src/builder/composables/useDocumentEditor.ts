import { computed, onBeforeUnmount, ref, shallowRef } from 'vue';
import { ApiError } from '../../api';
import { documentsApi, type DocumentDetail } from '../api';
import { clone } from '../model/clone';
import type { Doc, DocKind } from '../model/types';
import { problemsOf } from '../validation';

export type SaveState = 'saved' | 'saving' | 'pending' | 'error' | 'unsaved-new';

const HISTORY_LIMIT = 200;
const SAVE_DELAY_MS = 700;
/** Keystrokes in one field within this time are one undo step. */
const COALESCE_MS = 1200;

/**
 * One document being edited: the document is the state (every change goes through `apply` with a
 * named operation), with undo/redo, drafts saved as you go, publish and rollback.
 */
export function useDocumentEditor(kind: DocKind, initial: Doc, isNew: boolean) {
  const doc = shallowRef<Doc>(initial);
  const id = ref<string | null>(null);
  const detail = ref<DocumentDetail | null>(null);
  const past = shallowRef<Doc[]>([]);
  const future = shallowRef<Doc[]>([]);
  const saveState = ref<SaveState>(isNew ? 'unsaved-new' : 'saved');
  const saveError = ref<string | null>(null);
  const problems = computed(() => problemsOf(doc.value));
  let lastCoalesce: { key: string; at: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | null = null;
  let onCreated: (newId: string) => void = () => {};

  function load(documentId: string, loaded: DocumentDetail): void {
    id.value = documentId;
    detail.value = loaded;
    doc.value = loaded.draft;
    past.value = [];
    future.value = [];
    saveState.value = 'saved';
  }

  function apply(operation: (d: Doc) => Doc, coalesceKey?: string): void {
    const next = operation(doc.value);
    if (next === doc.value || JSON.stringify(next) === JSON.stringify(doc.value)) return;
    const now = Date.now();
    const coalesce = coalesceKey !== undefined && lastCoalesce?.key === coalesceKey && now - lastCoalesce.at < COALESCE_MS;
    if (!coalesce) past.value = [...past.value.slice(-HISTORY_LIMIT + 1), doc.value];
    lastCoalesce = coalesceKey === undefined ? null : { key: coalesceKey, at: now };
    future.value = [];
    doc.value = next;
    scheduleSave();
  }

  function undo(): void {
    const previous = past.value[past.value.length - 1];
    if (!previous) return;
    future.value = [doc.value, ...future.value];
    past.value = past.value.slice(0, -1);
    doc.value = previous;
    lastCoalesce = null;
    scheduleSave();
  }

  function redo(): void {
    const next = future.value[0];
    if (!next) return;
    past.value = [...past.value, doc.value];
    future.value = future.value.slice(1);
    doc.value = next;
    lastCoalesce = null;
    scheduleSave();
  }

  function scheduleSave(): void {
    clearTimeout(timer);
    saveState.value = id.value === null && problems.value.count > 0 ? 'unsaved-new' : 'pending';
    if (saveState.value === 'unsaved-new') return;
    timer = setTimeout(() => void save(), SAVE_DELAY_MS);
  }

  /** Saves now: the draft (a new document is created once it is valid, as the API requires). */
  async function save(): Promise<void> {
    clearTimeout(timer);
    if (saving) await saving;
    const sent = doc.value;
    saving = (async () => {
      saveState.value = 'saving';
      saveError.value = null;
      try {
        if (id.value === null) {
          const created = await documentsApi.create(kind, sent);
          id.value = created.id;
          onCreated(created.id);
        } else {
          await documentsApi.saveDraft(kind, id.value, sent);
        }
        saveState.value = doc.value === sent ? 'saved' : 'pending';
      } catch (err) {
        saveState.value = 'error';
        saveError.value = err instanceof Error ? err.message : String(err);
      }
    })();
    await saving;
    saving = null;
    if (saveState.value === 'pending') scheduleSave();
  }

  async function refresh(): Promise<void> {
    if (id.value !== null) detail.value = await documentsApi.get(kind, id.value);
  }

  /** Publishes the current draft. Refused here (nothing sent) while the draft has errors. */
  async function publish(): Promise<{ ok: true; version: number; unchanged: boolean } | { ok: false; message: string }> {
    if (problems.value.count > 0) return { ok: false, message: '' };
    await save();
    if (id.value === null || saveState.value === 'error') return { ok: false, message: saveError.value ?? '' };
    try {
      const answer = await documentsApi.publish(kind, id.value);
      await refresh();
      return { ok: true, version: answer.version, unchanged: answer.unchanged === true };
    } catch (err) {
      return { ok: false, message: err instanceof ApiError ? err.message : String(err) };
    }
  }

  /** Republishes an earlier version, and puts that version on the canvas as the draft (undoable). */
  async function rollback(version: number): Promise<void> {
    if (id.value === null) return;
    await documentsApi.rollback(kind, id.value, version);
    await refresh();
    const live = detail.value?.published?.document;
    if (live) apply(() => ({ ...clone(live), layout: live.layout ?? doc.value.layout }));
    await save();
  }

  onBeforeUnmount(() => {
    // leaving the page saves what is pending (the request outlives the component)
    if (saveState.value === 'pending') void save();
  });

  return {
    doc,
    id,
    detail,
    problems,
    saveState,
    saveError,
    canUndo: computed(() => past.value.length > 0),
    canRedo: computed(() => future.value.length > 0),
    load,
    apply,
    undo,
    redo,
    save,
    publish,
    rollback,
    refresh,
    onCreated(handler: (newId: string) => void) {
      onCreated = handler;
    },
  };
}

export type DocumentEditor = ReturnType<typeof useDocumentEditor>;
