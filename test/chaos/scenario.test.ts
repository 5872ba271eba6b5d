import test from 'ava';
import { parseScenario } from '../../src/chaos/scenario.js';
import { BlvmError } from '../../src/errors.js';

test('a scenario takes a default module, repeats by every/for, and defaults its objectives to zero loss', (t) => {
  const s = parseScenario(
    'name = "kill loop"\nmodule = "journal"\n[[fault]]\nkind = "kill"\nevery = "2s"\nfor = "10s"\n[[fault]]\nkind = "hang"\nduration = "3s"\n[[fault]]\nkind = "node-kill"\n[slo]\nrecover_p99 = "2s"\n',
    'x.toml',
  );
  t.is(s.name, 'kill loop');
  t.deepEqual(
    s.faults.map((f) => [f.kind, f.module, f.count, f.signal]),
    [
      ['kill', 'journal', 5, 'SIGKILL'],
      ['hang', 'journal', 1, 'SIGKILL'],
      ['node-kill', null, 1, 'SIGKILL'],
    ],
  );
  t.is(s.faults[1].duration, 3000);
  t.deepEqual(s.slo, { recover_p99: 2000, lost_events: 0, orphans: 0, allow_quarantine: false });
});

test('every problem of a scenario is reported at once with its place and a suggestion', (t) => {
  const error = t.throws(
    () => parseScenario('[[fault]]\nkind = "kil"\nevry = "2s"\n[[fault]]\nkind = "kill"\nsignal = "SIGNOPE"\n[slo]\nrecover_p99 = 2\n', 'bad.toml'),
    { instanceOf: BlvmError },
  ) as BlvmError;
  t.is(error.message, 'bad.toml: 6 problem(s)');
  t.deepEqual(error.details, [
    '[[fault]] #1.evry: unknown key (did you mean "every"?)',
    '[[fault]] #1.kind: expected one of kill, hang, crash-loop, slow-start, garbage, disconnect, memory, node-kill, got "kil" (did you mean "kill"?)',
    '[[fault]] #1.module: which module? (set it here or as the top-level "module")',
    '[[fault]] #2.module: which module? (set it here or as the top-level "module")',
    '[[fault]] #2.signal: expected one of SIGKILL, SIGTERM, SIGINT, SIGQUIT, SIGABRT, SIGSEGV, SIGHUP, SIGUSR1, SIGUSR2, got "SIGNOPE"',
    '[slo].recover_p99: expected a duration like "30s", got 2',
  ]);
});

test('malformed TOML names the file and line', (t) => {
  const error = t.throws(() => parseScenario('[[fault]\nkind = "kill"\n', 'broken.toml')) as BlvmError;
  t.regex(error.message, /^broken\.toml:1:\d+: invalid TOML/);
});

test('a scenario without faults is refused', (t) => {
  const error = t.throws(() => parseScenario('name = "empty"\n', 'empty.toml')) as BlvmError;
  t.deepEqual(error.details, ['[[fault]]: a scenario needs at least one fault']);
});
