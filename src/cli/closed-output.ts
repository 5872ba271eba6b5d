// A reader that goes away (`blvm events | head`, `blvm module plan | head -1`) ends a command
// quietly instead of crashing it with EPIPE. The daemon (`blvm start`) keeps running instead:
// losing its log reader must not take the modules down.
export function handleClosedOutput(keepRunning: boolean): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      if (!keepRunning) process.exit(0);
    });
  }
}
