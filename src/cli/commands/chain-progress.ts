// A one-line progress bar on stderr, redrawn in place; only for a terminal.
export interface ProgressBar {
  update(done: number, total: number): void;
  end(): void;
}

const WIDTH = 30;

export function progressBar(write: (s: string) => void, label: string): ProgressBar {
  let drawn = false;
  return {
    update(done, total) {
      const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${percent}%`);
      drawn = true;
    },
    end() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
