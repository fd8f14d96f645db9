/**
 * Decides whether a crashed language server is restarted: at most `maxRestarts` crashes inside a
 * sliding window. Pure and vscode-free, so unit tests drive it with a fake clock.
 */

export interface RestartPolicyOptions {
  readonly maxRestarts: number;
  readonly windowMs: number;
}

/** One more restart than vscode-languageclient's default (4 in 3 minutes). */
export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  maxRestarts: 5,
  windowMs: 3 * 60_000,
};

export class RestartPolicy {
  private crashes: number[] = [];
  private hasAnnounced = false;

  constructor(readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** Records a crash at `now` (milliseconds) and says whether the server may be restarted. */
  recordCrash(now: number): boolean {
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.windowMs), now];
    return this.crashes.length <= this.options.maxRestarts;
  }

  /**
   * Whether a restart should be told to the user: the first one only, so a server that crashes
   * now and then does not pile up notifications (each restart is still logged).
   */
  shouldAnnounceRestart(): boolean {
    if (this.hasAnnounced) return false;
    this.hasAnnounced = true;
    return true;
  }

  /** Crashes inside the window, as of the last `recordCrash`. */
  get recentCrashes(): number {
    return this.crashes.length;
  }
}
