// An interruptible pause for background loops: sleep(ms) ends early on wake(), and a wake that comes
// while the loop is busy is remembered, so the next sleep returns at once — no lost notification.
export class Wakeup {
  private pending = false;
  private current?: () => void;

  wake(): void {
    this.pending = true;
    this.current?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending = false;
        this.current = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.current = done;
    });
  }
}
