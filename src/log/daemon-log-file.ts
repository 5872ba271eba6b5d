// The daemon's own log file (`[logs] daemon_log_file`): written without blocking and rotated
// by size like module logs, so no amount of logging fills the disk.
import { basename, dirname } from 'node:path';
import { RotatingLog } from '../process/log-writer.js';

export interface DaemonLogFile {
  readonly file: string;
  writeLine(line: string): void;
  /** Writes what is queued and closes the file. */
  close(): Promise<void>;
}

export function openDaemonLogFile(file: string, rotation: { maxFileSize: number; maxFiles: number }): DaemonLogFile {
  const log = new RotatingLog({
    dir: dirname(file),
    baseName: basename(file, '.log'),
    maxFileSize: rotation.maxFileSize,
    maxFiles: rotation.maxFiles,
    tailLines: 1,
  });
  return {
    file: log.file,
    writeLine: (line) => log.write(`${line}\n`),
    close: () => log.close(),
  };
}
