// Preloaded into each workflow thread's shared context before the SDK freezes its globals
// (engine/platform/temporal/worker.ts, SHARED_WORKFLOW_MODULES), so it sets the depth of every
// stack trace taken in workflow code. The SDK takes one for each promise a workflow creates (for
// the stack-trace query): at V8's default of 10 frames that was a quarter of the worker's CPU in
// a burst (`npm run bench`, CPU seconds of the worker: 16.4 → 13.2). Three frames still say where
// a stuck conversation waits (`temporal workflow stack`) and where a workflow error came from.
Error.stackTraceLimit = 3;

export {};
