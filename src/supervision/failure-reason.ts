// Why a module is not running, in one line for operators: phase, last exit, problems, last output.
import type { ModuleDetails } from './status-types.js';

export function failureReason(m: ModuleDetails): string {
  const parts = [`phase ${m.phase}`];
  const exit = m.last_exit;
  if (exit) parts.push(`last exit ${exit.signal ?? `code ${exit.code}`} (${exit.reason})`);
  if (m.problems.length > 0) parts.push(m.problems.join('; '));
  const tail = m.log_tail.at(-1);
  if (tail !== undefined) parts.push(`last output: ${tail}`);
  return parts.join(', ');
}
