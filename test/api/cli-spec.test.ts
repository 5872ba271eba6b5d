import test from 'ava';
import { readCliSpec } from '../../src/api/cli-spec.js';
import { commandHelp, groupHelp, parseCommandArgs } from '../../src/api/cli-usage.js';
import { BlvmError } from '../../src/errors.js';

const tail = {
  name: 'tail',
  about: 'newest entries',
  args: [
    { name: 'lines', short: 'n', long: 'lines', takes_value: true, help: 'how many' },
    { name: 'json', long: 'json', help: 'print JSON' },
    { name: 'type', help: 'event type', required: true },
  ],
};

test('a valid spec is read with defaults filled in', (t) => {
  const spec = readCliSpec({ name: 'journal', commands: [tail, { name: 'count' }] });
  t.is(spec.about, '');
  t.deepEqual(spec.commands[1], { name: 'count', about: '', args: [] });
  t.deepEqual(spec.commands[0].args[1], { name: 'json', long: 'json', short: undefined, takes_value: false, required: false, help: 'print JSON' });
});

test('every problem in a spec is an invalid_request naming the field', (t) => {
  const cases: [unknown, RegExp][] = [
    [{ commands: [tail] }, /"name" must be a lowercase word/],
    [{ name: 'status', commands: [tail] }, /"status" is a built-in blvm command/],
    [{ name: 'journal' }, /"commands" must be an array of 1 to 50 entries/],
    [{ name: 'journal', commands: [{ name: 'help' }] }, /commands\[0\].*"help" is reserved/],
    [{ name: 'journal', commands: [{ name: 'a' }, { name: 'a' }] }, /commands: "a" appears twice/],
    [{ name: 'journal', commands: [{ name: 'a', args: [{ name: 'x', short: 'xy' }] }] }, /commands\[0\]\.args\[0\].*"short" must be a single letter/],
    [{ name: 'journal', commands: [{ name: 'a', args: [{ name: 'x', takes_value: true }] }] }, /"takes_value" applies to options only/],
    [{ name: 'journal', commands: [{ name: 'a', args: [{ name: 'x', long: 'help' }] }] }, /--help and -h are reserved/],
    [{ name: 'journal', commands: [{ name: 'a', args: [{ name: 'x', short: 'v' }, { name: 'y', short: 'v' }] }] }, /short names: "v" appears twice/],
    [{ name: 'journal', commands: [{ name: 'a', colour: 1 }] }, /unknown parameter "colour"/],
  ];
  for (const [params, message] of cases) {
    const error = t.throws(() => readCliSpec(params), { instanceOf: BlvmError }, JSON.stringify(params));
    t.regex(error?.message ?? '', message);
  }
});

test('command args are parsed against the spec: options by name, flags as true, positionals in order', (t) => {
  const cmd = readCliSpec({ name: 'journal', commands: [tail] }).commands[0];
  t.deepEqual(parseCommandArgs(cmd, ['-n', '5', 'NewBlock', '--json']), { options: { lines: '5', json: true }, positionals: ['NewBlock'] });
  t.throws(() => parseCommandArgs(cmd, ['-n', '5']), { message: 'missing required argument <type>' });
  t.throws(() => parseCommandArgs(cmd, ['a', 'b']), { message: /unexpected argument "b"/ });
  t.throws(() => parseCommandArgs(cmd, ['--color', 'a']), { message: /--color/ });
});

test('help text shows each command with its usage and arguments', (t) => {
  const spec = readCliSpec({ name: 'journal', about: 'the journal', commands: [tail, { name: 'count', about: 'how many' }] });
  const group = groupHelp(spec, 'event-journal');
  t.regex(group, /usage: blvm journal <command> \[args\]/);
  t.regex(group, /blvm journal tail \[--lines LINES\] \[--json\] <type>\s+newest entries/);
  t.regex(group, /module event-journal/);
  t.regex(commandHelp('journal', spec.commands[0]), /-n, --lines\s+how many/);
});
