// Where a process's resident memory is, from /proc/<pid>/smaps: each mapping's Rss and
// Anonymous summed into a few groups that say whose memory it is (the node binary's file
// pages, V8's heap, glibc's main heap, other anonymous mappings, shared libraries).
import { readFile, realpath } from 'node:fs/promises';

export interface Rollup {
  rssKiB: number;
  pssKiB: number;
  anonKiB: number;
  /** Rss minus Anonymous: pages backed by a file (the binary, libraries). */
  fileKiB: number;
}

export interface GroupUsage {
  rssKiB: number;
  anonKiB: number;
  mappings: number;
}

export const GROUPS = ['node binary', 'V8 heap', '[heap]', 'other anon', 'libs'] as const;
export type Group = (typeof GROUPS)[number];

const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);

export async function readRollup(pid: number): Promise<Rollup> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  const rssKiB = field(text, 'Rss');
  const anonKiB = field(text, 'Anonymous');
  return { rssKiB, pssKiB: field(text, 'Pss'), anonKiB, fileKiB: rssKiB - anonKiB };
}

// V8 reserves its heap pages (and code space) with mmap hints below the range where the kernel
// puts the other anonymous mappings (thread stacks, glibc's thread arenas, large malloc blocks)
// and the shared libraries, just under the top of the user address space (0x7f…).
const V8_BELOW = 0x7f00_0000_0000;

function groupOf(start: number, path: string, nodeBinary: string): Group {
  if (path === nodeBinary) return 'node binary';
  if (path === '[heap]') return '[heap]';
  if (path === '' || path.startsWith('[anon')) return start < V8_BELOW ? 'V8 heap' : 'other anon';
  if (path.startsWith('[')) return 'other anon';
  return 'libs';
}

/** Rss and Anonymous of `pid`'s mappings summed per group. */
export async function readGroups(pid: number): Promise<Record<Group, GroupUsage>> {
  const nodeBinary = await realpath(process.execPath);
  const groups = Object.fromEntries(GROUPS.map((g) => [g, { rssKiB: 0, anonKiB: 0, mappings: 0 }])) as Record<Group, GroupUsage>;
  let current: GroupUsage | null = null;
  for (const line of (await readFile(`/proc/${pid}/smaps`, 'utf8')).split('\n')) {
    const header = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      current = groups[groupOf(parseInt(header[1], 16), header[2].trim(), nodeBinary)];
      current.mappings++;
    } else if (current && line.startsWith('Rss:')) current.rssKiB += field(line, 'Rss');
    else if (current && line.startsWith('Anonymous:')) current.anonKiB += field(line, 'Anonymous');
  }
  return groups;
}
