import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';

test('misspelt subcommands and options get a did-you-mean and the usage, exit 2 (issue 20)', async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  const cases: [string[], RegExp][] = [
    [['module', 'relase', 'demo'], /^blvm: unknown command "blvm module relase" \(did you mean "blvm module release"\?\)$/m],
    [['stauts'], /^blvm: unknown command "blvm stauts" \(did you mean "blvm status"\?\)$/m],
    [['chain', 'generat', '3'], /did you mean "blvm chain generate"\?/],
    [['status', '--jsn'], /^blvm: unknown option --jsn \(did you mean --json\?\)\nusage: blvm status \[--json\]$/m],
    [['stop', '--nowait'], /unknown option --nowait \(did you mean --no-wait\?\)/],
    [['chaos', 'kil', 'x'], /unknown chaos command "kil" \(did you mean "kill"\?\)/],
  ];
  for (const [argv, expected] of cases) {
    const result = await node.cli(argv);
    t.is(result.exitCode, 2, argv.join(' '));
    t.regex(result.stderr, expected);
    t.notRegex(result.stderr, /To specify a positional argument/, "never Node's raw parser message");
  }
});

test('blvm chaos --help lists every fault with what it does', async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  const help = await node.cli(['chaos', '--help']);
  t.is(help.exitCode, 0);
  for (const fault of ['kill', 'hang', 'crash-loop', 'slow-start', 'garbage', 'disconnect', 'memory', 'node-kill']) {
    t.regex(help.stdout, new RegExp(`^  ${fault} +\\S`, 'm'));
  }
});
