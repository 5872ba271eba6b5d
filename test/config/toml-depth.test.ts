import test from 'ava';
import toml from 'toml';
import { tomlNestingProblem } from '../../src/config/toml-depth.js';

// Depth of the parsed value, walked without recursion: the reference the scanner must match.
function parsedDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object' || item instanceof Date) continue;
    max = Math.max(max, depth);
    for (const child of Object.values(item as object)) stack.push([child, depth + 1]);
  }
  return max;
}

const texts = [
  'a = 1',
  'a.b.c = 1',
  '[a.b]\nc.d = [1, [2, {x.y = [3]}]]',
  '[[a.b]]\nc = {d = {e = 1}}',
  'x = """\n[[[[\n"""\ny = 1.5\nz = 1979-05-27T07:32:00Z',
  "k = 'a.b.c'\n'q.r' = 2\n\"s.t\".u = 3",
  'arr = [\n  [1],\n  # a comment [ {\n  [2, [3]],\n]',
  '[a]\n[a.b.c]\nd = { e.f.g = [ { h = 1 } ] }',
];

for (const text of texts) {
  test(`the scanned depth of ${JSON.stringify(text)} equals the parsed depth`, (t) => {
    const depth = parsedDepth(toml.parse(text));
    t.is(tomlNestingProblem(text, depth), undefined);
    if (depth > 0) t.truthy(tomlNestingProblem(text, depth - 1));
  });
}

test('the first line that nests too deep is reported', (t) => {
  const text = 'a = 1\n\nb = [\n  1,\n  [[[[2]]]],\n]\n';
  t.deepEqual(tomlNestingProblem(text, 3), { line: 5 });
});
