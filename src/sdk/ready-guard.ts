// Detects the classic mistake of awaiting a `for await` event loop before `ready()`: the loop
// never ends, so ready() is never sent and the node restarts the module after ready_timeout.
const HINT_AFTER_MS = 1000;

export class ReadyGuard {
  private readyCalled = false;
  private timer: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(
    private readonly warn: (message: string) => void,
    private readonly hintAfterMs = HINT_AFTER_MS,
  ) {}

  /** The module called ready(): waiting for events is fine from now on. */
  called(): void {
    this.readyCalled = true;
    clearTimeout(this.timer);
  }

  /** A reader waits for events; if ready() is still not called a moment later, say why that hangs. */
  waiting(): void {
    if (this.readyCalled || this.warned || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.readyCalled) return;
      this.warned = true;
      this.warn(
        'waiting for events before ready() was called: a `for await` loop over a subscription never ends, ' +
          'so code after it (ready()) never runs and the node restarts this module after [supervision] ready_timeout. ' +
          'Call `await node.ready()` before the loop, or run the loop without awaiting it.',
      );
    }, this.hintAfterMs);
    this.timer.unref();
  }
}
