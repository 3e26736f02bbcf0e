import type { Fragment } from './operations';

// What Ctrl+C copied, kept while the app is open (it may be pasted into another document of the same kind).
let copied: { schema: string; fragment: Fragment } | null = null;

export function putOnClipboard(schema: string, fragment: Fragment): void {
  copied = { schema, fragment };
}

export function clipboardFor(schema: string): Fragment | null {
  return copied && copied.schema === schema ? copied.fragment : null;
}
