/**
 * A simulated clock: time moves only when `advance` or `sleep` is called, and
 * what is due on the way (a deployment that completes, an alarm that fires)
 * happens at its own time, in order. A 4-hour drain runs in milliseconds.
 */
export class SimClock {
  private time: number;
  private readonly timers: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  public constructor(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
    this.time = start;
  }

  /** Milliseconds since the epoch, simulated (pass it where `Date.now` is expected). */
  public readonly now = (): number => this.time;

  /** Runs `run` when the clock reaches `at` (milliseconds since the epoch). */
  public at(at: number, run: () => void): void {
    this.timers.push({ at, seq: this.seq++, run });
  }

  /** Moves the clock on by `ms`, running what falls due on the way in time order. */
  public advance(ms: number): void {
    const end = this.time + Math.max(0, ms);
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) {
        break;
      }
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.run();
    }
    this.time = end;
  }

  /** An async sleep of simulated seconds (pass it where a real sleep is expected). */
  public readonly sleep = async (seconds: number): Promise<void> => {
    this.advance(seconds * 1000);
  };
}
