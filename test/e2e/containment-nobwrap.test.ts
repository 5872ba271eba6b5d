import test from 'ava';
import { nodeWithFixtures } from '../fixtures/containment/node.js';

// The daemons of this file run as if bubblewrap were not installed (they inherit this variable).
process.env.BLVM_BWRAP = '';

test('without bubblewrap mode auto runs modules unsandboxed and says so loudly in the log, status and module info', async (t) => {
  const node = await nodeWithFixtures(t, { bare: { fixture: 'probe' } });
  const m = await node.waitForPhase('bare', 'monitoring');
  t.regex(node.log(), /WARN {2}!!! SANDBOX OFF: bubblewrap is turned off \(BLVM_BWRAP is empty\); modules run without filesystem, network and pid isolation/);
  t.regex(m.sandbox?.warning ?? '', /^SANDBOX OFF: /);
  t.like(m.sandbox!.layers.find((l) => l.name === 'bwrap_fs'), { active: false, detail: 'bubblewrap is turned off (BLVM_BWRAP is empty)' });
  const status = await node.cli(['status']);
  t.regex(status.stdout.split('\n')[0], /^WARNING: SANDBOX OFF: bubblewrap is turned off/);
  t.regex((await node.cli(['module', 'info', 'bare'])).stdout, /WARNING: SANDBOX OFF/);
  t.regex((await node.status()).modules[0].sandbox?.warning ?? '', /SANDBOX OFF/);
});

test('without bubblewrap mode bwrap rejects every module, naming why', async (t) => {
  const node = await nodeWithFixtures(t, { strict: { fixture: 'probe' } }, { extraConfig: '[sandbox]\nmode = "bwrap"\n' });
  const m = await node.waitForPhase('strict', 'rejected');
  t.regex(m.problems.join('\n'), /module strict cannot be sandboxed: \[sandbox\] mode = "bwrap" but bubblewrap is turned off/);
  t.is(m.sandbox?.warning, undefined, 'mode bwrap refuses instead of warning');
  t.regex(node.log(), /\[sandbox\] mode = "bwrap" but bubblewrap is turned off .*: every module will be rejected/);
});
