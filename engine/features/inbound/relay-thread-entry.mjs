// The relay thread's entry (relay-thread.ts): worker threads do not inherit the main thread's
// TypeScript loader, so the thread loads its TypeScript through tsx itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./relay-thread-main.ts', import.meta.url);
