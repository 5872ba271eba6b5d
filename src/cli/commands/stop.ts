// `blvm stop [--no-wait]`: asks the daemon to stop every module in reverse dependency order and
// exit, then waits until it has exited, printing which modules are still stopping.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { controlCall } from '../../control/control-client.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import type { NodeStatus } from '../../supervision/status-types.js';
import { longestSettleMs } from '../../supervision/resolved-policy.js';
import { daemonCall } from '../daemon-call.js';
import { EXIT_FAILURE, type CliIo } from '../io.js';
import { lockHolder } from '../../daemon/data-lock.js';
import { isZombie, readProcStat } from '../../process/proc-stat.js';

const POLL_MS = 200;
/** Slack on top of the slowest module's settle deadline: services, store and sockets close after the modules. */
const EXIT_SLACK_MS = 30_000;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'no-wait': { type: 'boolean' } } });
  const config = await io.config();
  const { pid } = await daemonCall<{ pid: number }>(io, 'stop');
  io.stdout(`stopping blvm daemon (pid ${pid})\n`);
  if (values['no-wait']) return 0;
  const socket = controlSocketPath(config.node.data_dir);
  const lockFile = join(config.node.data_dir, 'blvm.pid');
  const started = Date.now();
  const deadline = started + longestSettleMs(config) + EXIT_SLACK_MS;
  let last = '';
  // The daemon releases its data-dir lock as its last step, then exits (a zombie has exited).
  const running = async (): Promise<boolean> => (await lockHolder(lockFile)) === pid || processRunning(pid);
  while (await running()) {
    if (Date.now() > deadline) {
      io.stderr(`blvm: the daemon (pid ${pid}) is still stopping after ${Math.round((Date.now() - started) / 1000)} s; it goes on in the background\n`);
      return EXIT_FAILURE;
    }
    const modules = await stillRunning(socket);
    const line =
      modules === null
        ? 'modules stopped; closing the store and sockets'
        : `waiting for ${modules.length} module${modules.length === 1 ? '' : 's'} to stop: ${modules.join(', ')}`;
    if (modules?.length !== 0 && line !== last) io.stdout(`  ${line}\n`);
    last = line;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  io.stdout(`blvm daemon (pid ${pid}) exited after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

function processRunning(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && !isZombie(stat);
}

/** Modules with a live process, or null once the control socket no longer answers. */
async function stillRunning(socket: string): Promise<string[] | null> {
  try {
    const status = (await controlCall(socket, 'getnodestatus', {}, { timeoutMs: 2000 })) as NodeStatus;
    return status.modules.filter((m) => m.pid !== null).map((m) => m.name);
  } catch {
    return null;
  }
}
