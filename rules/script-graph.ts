/**
 * The shape of a script's step graph: which steps `start` reaches, and which steps sit on a
 * cycle that never waits for the customer (every step on it is a message, branch or
 * setAttribute), which the machine would loop through forever.
 */
import { stepTargets, type ScriptStep } from './script-document.js';

function edges(steps: readonly ScriptStep[]): Map<string, string[]> {
  const known = new Set(steps.map((s) => s.id));
  const out = new Map<string, string[]>();
  for (const step of steps) out.set(step.id, stepTargets(step).map((t) => t.target).filter((t) => known.has(t)));
  return out;
}

/** Every step id reachable from `start` (itself included when it names a step). */
export function reachableSteps(steps: readonly ScriptStep[], start: string): Set<string> {
  const graph = edges(steps);
  const seen = new Set<string>();
  const todo = graph.has(start) ? [start] : [];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.get(id) ?? []) if (!seen.has(next)) todo.push(next);
  }
  return seen;
}

/**
 * The cycles among steps that do not wait (questions removed from the graph), each as its steps
 * in document order: Tarjan's strongly connected components of size > 1, or a step naming itself.
 */
export function cyclesWithoutQuestion(steps: readonly ScriptStep[]): string[][] {
  const waits = new Set(steps.filter((s) => s.type === 'question').map((s) => s.id));
  const graph = edges(steps.filter((s) => !waits.has(s.id)));
  for (const [id, next] of graph) graph.set(id, next.filter((n) => !waits.has(n)));

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;

  // iterative Tarjan: a document may hold many steps, recursion depth is not ours to spend
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const frames: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const next = graph.get(frame.id) ?? [];
      if (frame.i < next.length) {
        const w = next[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          frames.push({ id: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(w) as number));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]!.id;
        low.set(parent, Math.min(low.get(parent) as number, low.get(frame.id) as number));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        const selfLoop = component.length === 1 && (graph.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component);
      }
    }
  }
  const order = new Map(steps.map((s, i) => [s.id, i]));
  return cycles
    .map((c) => [...c].sort((a, b) => (order.get(a) as number) - (order.get(b) as number)))
    .sort((a, b) => (order.get(a[0]!) as number) - (order.get(b[0]!) as number));
}
