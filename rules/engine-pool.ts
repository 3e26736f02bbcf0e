/**
 * A small pool of json-rules-engine engines for one compiled (published) set.
 *
 * Why a pool: json-rules-engine keeps the run status on the Engine — `run()` sets RUNNING,
 * `evaluateRules` skips every rule once the status is not RUNNING, `stop()` and the end of a run
 * set FINISHED (`src/engine.js`). Two overlapping runs on one engine would therefore cut each other
 * short (the first to finish, or a `stop` automation, ends the other), and our per-run context
 * sits beside the engine too. So an evaluation borrows an engine for itself alone and gives it
 * back when done.
 *
 * Why not one engine per evaluation: building means parsing every rule; it is done once per
 * published set (the first engine eagerly, at compile time), and again only when evaluations
 * overlap (a worker running several local activities at once; inside one workflow evaluations
 * are sequential, so one engine suffices). At most `maxIdle` idle engines are kept.
 */
export class EnginePool<S> {
  private readonly idle: S[] = [];
  private built = 0;

  constructor(
    private readonly build: () => S,
    private readonly maxIdle = 4,
  ) {
    this.idle.push(this.create());
  }

  private create(): S {
    this.built += 1;
    return this.build();
  }

  /** Engines built so far (for tests and metrics). */
  get size(): number {
    return this.built;
  }

  async use<T>(run: (slot: S) => Promise<T>): Promise<T> {
    const slot = this.idle.pop() ?? this.create();
    try {
      return await run(slot);
    } finally {
      if (this.idle.length < this.maxIdle) this.idle.push(slot);
    }
  }
}
