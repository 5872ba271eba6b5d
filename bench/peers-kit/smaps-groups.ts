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

// V8 reserves its heap pages (and code space) at random hints spread over the address space;
// the kernel puts the other anonymous mappings (thread stacks, glibc's thread arenas, large
// malloc blocks) top-down next to the shared libraries. So an anonymous mapping within
// NEAR_LIBS below the lowest library is "other"; anywhere else it is V8's.
const NEAR_LIBS = 4 * 1024 ** 3;

interface Mapping {
  start: number;
  path: string;
  rssKiB: number;
  anonKiB: number;
}

function groupOf(m: Mapping, nodeBinary: string, otherFrom: number): Group {
  if (m.path === nodeBinary) return 'node binary';
  if (m.path === '[heap]') return '[heap]';
  if (m.path === '' || m.path.startsWith('[anon')) return m.start < otherFrom ? 'V8 heap' : 'other anon';
  if (m.path.startsWith('[')) return 'other anon';
  return 'libs';
}

/** Rss and Anonymous of `pid`'s mappings summed per group. */
export async function readGroups(pid: number): Promise<Record<Group, GroupUsage>> {
  const nodeBinary = await realpath(process.execPath);
  const mappings: Mapping[] = [];
  for (const line of (await readFile(`/proc/${pid}/smaps`, 'utf8')).split('\n')) {
    const header = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    const current = mappings.at(-1);
    if (header) mappings.push({ start: parseInt(header[1], 16), path: header[2].trim(), rssKiB: 0, anonKiB: 0 });
    else if (current && line.startsWith('Rss:')) current.rssKiB = field(line, 'Rss');
    else if (current && line.startsWith('Anonymous:')) current.anonKiB = field(line, 'Anonymous');
  }
  const libs = mappings.filter((m) => m.path.startsWith('/') && m.path !== nodeBinary).map((m) => m.start);
  const otherFrom = libs.length > 0 ? Math.min(...libs) - NEAR_LIBS : Infinity;
  const groups = Object.fromEntries(GROUPS.map((g) => [g, { rssKiB: 0, anonKiB: 0, mappings: 0 }])) as Record<Group, GroupUsage>;
  for (const m of mappings) {
    const group = groups[groupOf(m, nodeBinary, otherFrom)];
    group.rssKiB += m.rssKiB;
    group.anonKiB += m.anonKiB;
    group.mappings++;
  }
  return groups;
}
