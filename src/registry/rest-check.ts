// Where a REST answer departs from the view computed from the signed index: the first field
// that differs, named by its JSON path, so a refusal says exactly what was tampered with.
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Undefined when `got` equals `want` (same JSON); else "path: got X, the signed index says Y". */
export function firstDifference(got: unknown, want: unknown, path = '$'): string | undefined {
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${path}: got ${show(got)}, the signed index says ${show(want)}`;
    if (got.length !== want.length) return `${path}: got ${got.length} entries, the signed index says ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const difference = firstDifference(got[i], want[i], `${path}[${i}]`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (isRecord(want)) {
    if (!isRecord(got)) return `${path}: got ${show(got)}, the signed index says ${show(want)}`;
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].filter((k) => want[k] !== undefined || got[k] !== undefined).sort();
    for (const key of keys) {
      const difference = firstDifference(got[key], want[key], `${path}.${key}`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `${path}: got ${show(got)}, the signed index says ${show(want)}`;
}
