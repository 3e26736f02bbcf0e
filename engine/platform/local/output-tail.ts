// The last lines a child process wrote, kept for the error message when it fails to start.
export class OutputTail {
  private lines: string[] = [];
  private partial = '';
  private listener: ((all: string) => void) | undefined;

  constructor(private readonly max: number) {}

  push(chunk: string) {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    this.listener?.(this.text());
  }

  /** Called with the whole kept text after each chunk (a line may arrive in several chunks). */
  onText(listener: ((all: string) => void) | undefined) {
    this.listener = listener;
  }

  text(): string {
    return [...this.lines, this.partial].join('\n');
  }

  clear() {
    this.lines = [];
    this.partial = '';
  }
}
