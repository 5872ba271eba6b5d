// A one-line download progress bar, redrawn in place on a terminal; silent elsewhere.
const WIDTH = 24;
const MIN_REDRAW_MS = 50;

export interface Progress {
  update(received: number, total: number | undefined): void;
  done(): void;
}

const human = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

/** The bar text for `received` of `total` bytes. */
export function renderBar(label: string, received: number, total: number | undefined): string {
  if (total === undefined || total <= 0) return `${label} ${human(received)}`;
  const ratio = Math.min(1, received / total);
  const filled = Math.round(ratio * WIDTH);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${human(received)}/${human(total)}`;
}

/** A progress bar on `write` when `tty` is true; a no-op otherwise (pipes stay quiet). */
export function progressBar(label: string, write: (s: string) => void, tty: boolean): Progress {
  if (!tty) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(received, total) {
      const now = Date.now();
      if (drawn && now - last < MIN_REDRAW_MS && received !== total) return;
      last = now;
      drawn = true;
      write(`\r\x1b[2K${renderBar(label, received, total)}`);
    },
    done() {
      if (drawn) write('\n');
    },
  };
}
