// The few /proc/<pid>/stat fields the sampler needs, parsed straight from the bytes into a
// reused record: a sampling round over a hundred processes then allocates no strings, arrays or
// objects per process. The comm field (2) may hold spaces and ')', so fields after it are
// counted from the LAST ')' (as parseProcStat in src/process/proc-stat.ts does on text).
import { closeSync, openSync, readSync } from 'node:fs';

export interface StatFields {
  pid: number;
  /** True for a zombie (Z) or dead (X) process: it has exited and holds nothing. */
  zombie: boolean;
  pgrp: number;
  /** Fields 14 + 15: user + system CPU time, clock ticks. */
  cpuTicks: number;
  /** Field 22: start time after boot, clock ticks (with the pid it names one process). */
  startTime: number;
  /** Field 24: resident set size, pages. */
  rssPages: number;
}

export const emptyStatFields = (): StatFields => ({ pid: 0, zombie: false, pgrp: 0, cpuTicks: 0, startTime: 0, rssPages: 0 });

/** Buffer size for one stat line (52 numeric fields and a comm of at most 64 bytes fit easily). */
export const STAT_BUFFER_BYTES = 1024;

const SPACE = 0x20;
const CLOSE_PAREN = 0x29;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

// The decimal number at `i` (a leading '-' is read as a negative value); -1 for no digits.
function numberAt(buf: Buffer, i: number, end: number): number {
  let sign = 1;
  if (i < end && buf[i] === MINUS) {
    sign = -1;
    i += 1;
  }
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < ZERO || c > NINE) break;
    value = value * 10 + (c - ZERO);
    digits += 1;
  }
  return digits === 0 ? -1 : sign * value;
}

/** Fills `out` from the first `length` bytes of `buf`; false when they are not a stat line. */
export function parseStatFields(buf: Buffer, length: number, out: StatFields): boolean {
  let close = -1;
  for (let i = length - 1; i >= 0; i--) {
    if (buf[i] === CLOSE_PAREN) {
      close = i;
      break;
    }
  }
  if (close < 2) return false;
  out.pid = numberAt(buf, 0, close);
  // Byte close + 2 starts field 3 (state); each space after it starts the next field.
  let field = 3;
  let ticks = 0;
  let seen = 0;
  for (let i = close + 2; i < length && field <= 24; i++) {
    const start = i;
    while (i < length && buf[i] !== SPACE && buf[i] !== 0x0a) i++;
    if (field === 3) out.zombie = buf[start] === 0x5a || buf[start] === 0x58;
    else if (field === 5) out.pgrp = numberAt(buf, start, i);
    else if (field === 14 || field === 15) ticks += numberAt(buf, start, i);
    else if (field === 22) out.startTime = numberAt(buf, start, i);
    else if (field === 24) out.rssPages = numberAt(buf, start, i);
    if (field === 5 || field === 14 || field === 15 || field === 22 || field === 24) seen += 1;
    field += 1;
  }
  out.cpuTicks = ticks;
  return seen === 5 && out.pid > 0 && out.pgrp >= 0 && ticks >= 0 && out.startTime >= 0 && out.rssPages >= 0;
}

/** Reads the stat line behind an open descriptor into `out` with one pread; false when it is gone or unreadable. */
export function preadStat(fd: number, buf: Buffer, out: StatFields): boolean {
  try {
    return parseStatFields(buf, readSync(fd, buf, 0, buf.length, 0), out);
  } catch {
    return false;
  }
}

/** Opens, reads and closes /proc/<pid>/stat (for processes the sampler does not keep open). */
export function readStatOnce(pid: number, buf: Buffer, out: StatFields): boolean {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r');
  } catch {
    return false;
  }
  try {
    return preadStat(fd, buf, out);
  } finally {
    closeSync(fd);
  }
}
