// Human-readable durations, sizes, times and exits for the page.
import type { ExitRecord } from '../../process/types.js';

export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${hrs}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(hrs / 24)}d ${hrs % 24}h`;
}

export function bytes(n: number | null): string {
  if (n === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

export function percent(n: number | null): string {
  return n === null ? '—' : `${n.toFixed(n < 10 ? 1 : 0)} %`;
}

/** "14:03:07.215" in local time. */
export function clock(at: number): string {
  const d = new Date(at);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "2024-05-01 14:03:07" in local time, for older history rows. */
export function dateTime(at: number): string {
  const d = new Date(at);
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(at).slice(0, 8)}`;
}

export function ago(at: number, now: number): string {
  return `${duration(now - at)} ago`;
}

/** "code 3, crashed" / "SIGKILL, crashed" / "code 0, stopped by the node". */
export function exitText(exit: ExitRecord): string {
  const how = exit.signal ? exit.signal : `code ${exit.code ?? '?'}`;
  return `${how}, ${exit.reason}${exit.byUs ? ' (by the node)' : ''}`;
}
