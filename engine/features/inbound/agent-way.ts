// The relay's signals give way to agents' actions (architecture.md, "The hot path"). An agent's
// assign or reply is a workflow task that Temporal and the worker run among a burst's signals, on
// the same two cores as the webhooks: while an agent of any API process waits for one, new signals
// hold back (relay.ts tells the other processes' relays). Bounded, so that a team acting all the
// time slows the hand-over and never stops it: signals hold back at most `share` of the time, and
// at most `maxMs / (1 − share)` at a stretch. Measured in `npm run bench` (one agent, two runs
// each), the actions during the burst's eight seconds: 280–330 ms on average, 0.6–0.8 s at most;
// without holding back 490–540 ms, 1.2–1.4 s; with half the time at most (maxMs 500) 420–540 ms,
// 0.6–0.8 s. The messages are in the inbox and evaluated meanwhile: what waits is what the
// workflow does (routing, lifecycle actions).
export interface AgentWayOptions {
  /** The budget of holding back, in milliseconds: spent while holding, earned back at `share`. */
  maxMs: number;
  /** The share of the time signals may hold back in the long run. */
  share: number;
}

export const DEFAULT_AGENT_WAY: AgentWayOptions = { maxMs: 1000, share: 0.7 };

export class AgentWay {
  private acting = 0;
  private budget: number;
  private at: number;

  constructor(private readonly o: AgentWayOptions = DEFAULT_AGENT_WAY, now = Date.now()) {
    this.budget = o.maxMs;
    this.at = now;
  }

  /** How many agents' actions are under way now. */
  actions(n: number, now = Date.now()): void {
    this.settle(now);
    this.acting = n;
  }

  /** Whether signals hold back now. */
  holds(now = Date.now()): boolean {
    this.settle(now);
    return this.holding();
  }

  private holding(): boolean {
    return this.acting > 0 && this.budget > 0;
  }

  private settle(now: number): void {
    const elapsed = Math.max(0, now - this.at);
    this.at = now;
    this.budget = Math.min(this.o.maxMs, this.budget + elapsed * this.o.share - (this.holding() ? elapsed : 0));
  }
}
