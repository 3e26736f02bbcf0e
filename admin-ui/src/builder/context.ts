import { inject, provide, type ComputedRef, type InjectionKey } from 'vue';
import type { TraceEntry } from './api';
import type { Lists } from './composables/useLists';
import type { Doc } from './model/types';
import type { Problems } from './validation';

/** What every node of a canvas needs besides its own data: problems, test results, lists. */
export interface CanvasContext {
  problems: ComputedRef<Problems>;
  trace: ComputedRef<Record<string, TraceEntry> | null>;
  /** The step where a script test stopped (ended, or waits for an answer). */
  stoppedAt: ComputedRef<string | null>;
  lists: Lists;
  doc: ComputedRef<Doc>;
}

const KEY: InjectionKey<CanvasContext> = Symbol('builder-canvas');

export function provideCanvas(ctx: CanvasContext): void {
  provide(KEY, ctx);
}

export function useCanvas(): CanvasContext {
  const ctx = inject(KEY);
  if (!ctx) throw new Error('a builder node outside a builder canvas');
  return ctx;
}
