// Every built-in command: its words, usage line, one-line summary and a lazy loader.
import type { CliIo, CommandRun } from './io.js';

export interface CommandEntry {
  path: string[];
  usage: string;
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
  /** More lines for `blvm <command> --help`. */
  help?: () => Promise<string>;
}

const c = (path: string, usage: string, summary: string, load: CommandEntry['load']): CommandEntry => ({
  path: path.split(' '),
  usage: `usage: blvm ${usage}`,
  summary,
  load,
});

const verb = (name: string): CommandEntry['load'] => () =>
  import('./commands/module-control.js').then((m) => ({ run: (argv: string[], io: CliIo) => m.runVerb(name, argv, io) }));

export const COMMANDS: CommandEntry[] = [
  c('start', 'start [--log-format text|json]', 'run the node in the foreground', () => import('./commands/start.js')),
  c('stop', 'stop [--no-wait]', 'stop the running node gracefully and wait until it has exited', () => import('./commands/stop.js')),
  c('status', 'status [--json]', 'node and module status', () => import('./commands/status.js')),
  c('reload', 'reload [--json]', 're-read blvm.toml and apply what can change without a restart', () => import('./commands/reload.js')),
  c('inspect', 'inspect [--json]', 'where the inspector page and its actions token are', () => import('./commands/inspect.js')),
  c('logs', 'logs <module> [-n N] [-f]', "print (and follow) a module's output", () => import('./commands/logs.js')),
  c('events', 'events [-f] [--type T]... [--module NAME] [-n N] [--json]', "the node's event log (and follow it)", () => import('./commands/events.js')),
  c('keygen', 'keygen --out FILE', 'make a maintainer signing key', () => import('./commands/keygen.js')),
  c('module list', 'module list [--json]', 'list modules of the running node', () => import('./commands/module-list.js')),
  c('module info', 'module info <name> [--json] [--remote [--refresh]]', 'details of one module (--remote: from the registry or its metadata cache)', () => import('./commands/module-info.js')),
  c('module load', 'module load <name>', 'start a module (and keep it enabled)', verb('load')),
  c('module unload', 'module unload <name>', 'stop a module (and keep it disabled)', verb('unload')),
  c('module reload', 'module reload <name>', 're-verify and restart a module', verb('reload')),
  c('module release', 'module release <name>', 'release a module from quarantine', verb('release')),
  c('module new', 'module new NAME [--lang js|python|ts] [--dir DIR]', 'scaffold a module and print the steps to sign and load it', () =>
    import('./commands/module-new.js'),
  ),
  c('module verify', 'module verify <dir> [--json]', 'verify one module directory offline', () => import('./commands/module-verify.js')),
  c('module sign', 'module sign <dir> --key FILE [--name NAME] [--format reference|blvm]', 'hash and sign a module', () => import('./commands/module-sign.js')),
  c('module migrate', 'module migrate <dir> [--to reference|blvm]', 'rewrite module.toml in the other manifest form, signatures kept', () => import('./commands/module-migrate.js')),
  c('module plan', 'module plan [--json]', 'load order and verdicts for every module', () => import('./commands/module-plan.js')),
  c('module config', 'module config <name> [--json]', "a module's effective config and where each key comes from", () => import('./commands/module-config.js')),
  c('module db migrate', 'module db migrate <name> --to <backend> [--json]', "copy a stopped module's stores to another database backend", () =>
    import('./commands/module-db-migrate.js'),
  ),
  c('module search', 'module search QUERY [--json] [--refresh]', 'modules of the configured registry (or its metadata cache)', () => import('./commands/module-search.js')),
  c('module install', 'module install NAME[@RANGE]', 'verified install from the registry, then load', () => import('./commands/module-install.js')),
  c('module upgrade', 'module upgrade NAME[@RANGE]', 'verified upgrade; the old version returns if the new fails', () => import('./commands/module-upgrade.js')),
  c('module remove', 'module remove NAME [--force]', 'stop and delete an installed module', () => import('./commands/module-remove.js')),
  c('module quote', 'module quote NAME [--json]', 'price, split and the addresses this node pays to buy a paid module', () => import('./commands/module-quote.js')),
  c('module buy', 'module buy NAME [--fee-rate N] [--json]', 'pay a paid module from the node wallet (with BIP47 notifications) and record the purchase', () => import('./commands/module-buy.js')),
  c('module licence add', 'module licence add NAME TXID', 'record the transaction that paid a module quote', () => import('./commands/module-licence-add.js')),
  c('module licences', 'module licences [--json]', "this node's module purchases and whether each licenses now", () => import('./commands/module-licences.js')),
  c('registry serve', 'registry serve DIR [--listen HOST:PORT]', 'serve a registry directory read-only', () => import('./commands/registry-serve.js')),
  c('registry publish', 'registry publish MODULE_DIR --registry DIR --key FILE [--node-payment-code CODE]', 'add a module version and re-sign the index', () =>
    import('./commands/registry-publish.js'),
  ),
  c('payment sign-terms', 'payment sign-terms DIR|MANIFEST (--key FILE | --seed-file FILE)', "the author's signature over a module's [payment] terms", () =>
    import('./commands/payment-sign-terms.js'),
  ),
  c('payment-code inspect', 'payment-code inspect CODE [--network mainnet|testnet|regtest] [--json]', 'version, keys and notification address of a BIP47 payment code', () =>
    import('./commands/payment-code-inspect.js'),
  ),
  c('node id', 'node id', "the node's identity public key (signs its governance votes)", () => import('./commands/node-id.js')),
  c('governance serve', 'governance serve DIR [--listen HOST:PORT]', 'run a governance server (sqlite in DIR)', () => import('./commands/governance-serve.js')),
  c('governance propose', 'governance propose FILE --key K [--name N] [--url URL]', 'sign a proposal; publish it at the threshold', () => import('./commands/governance-propose.js')),
  c('governance close', 'governance close ID --key K [--name N] [--url URL] [--json]', 'tally a closed proposal and sign its result', () => import('./commands/governance-close.js')),
  c('governance list', 'governance list [--status open|closed] [--json]', "verified proposals, refused ones and this node's votes", () => import('./commands/governance-list.js')),
  c('governance show', 'governance show ID [--json]', 'one proposal and how this node voted', () => import('./commands/governance-show.js')),
  c('governance vote', 'governance vote ID CHOICE [--rationale TEXT] [--json]', 'vote with the node key (queued while the server is down)', () => import('./commands/governance-vote.js')),
  c('governance results', 'governance results ID [--json]', 'the signed result, whether final, and any tally mismatch', () => import('./commands/governance-results.js')),
  {
    ...c('chaos', 'chaos run SCENARIO.toml | chaos <fault> [module] [flags]', 'inject faults and report recovery (docs/crash-recovery-testing.md)', () =>
      import('./commands/chaos.js'),
    ),
    help: () => import('./commands/chaos.js').then((m) => m.helpText()),
  },
  c('chain decode', 'chain decode <file> [--json] [--network N]', 'decode and validate a raw block or header file', () =>
    import('../chain/decode-command.js'),
  ),
  c('chain tip', 'chain tip [--json]', 'the best block of the running node', () => import('./commands/chain-tip.js')),
  c('chain info', 'chain info [--json]', 'network, tip, best header and store counts', () => import('./commands/chain-info.js')),
  c('chain header', 'chain header <hash|height> [--json]', 'one block header from the chain store', () => import('./commands/chain-header.js')),
  c('chain block', 'chain block <hash|height> [--json] [--hex]', 'one block from the chain store', () => import('./commands/chain-block.js')),
  c('chain tx', 'chain tx <txid> [--json] [--hex]', 'a transaction of the best chain', () => import('./commands/chain-tx.js')),
  c('chain generate', 'chain generate N [--to-wallet | --to-script HEX] [--json] [-v]', 'mine N regtest blocks on the tip with the mempool (--to-wallet: rewards to fresh wallet addresses; -v: list their hashes)', () => import('./commands/chain-generate.js')),
  c('chain import', 'chain import FILE [--json]', 'validate and store a raw block or a header run', () => import('./commands/chain-import.js')),
  c('chain invalidate', 'chain invalidate HASH [--json]', 'invalidate a block and reorg away from it', () => import('./commands/chain-invalidate.js')),
  c('tx submit', 'tx submit HEX [--json]', "submit a raw transaction to the node's mempool", () => import('./commands/tx-submit.js')),
  c('tx get', 'tx get TXID [--json] [--hex]', 'a mempool transaction, or one of the best chain', () => import('./commands/tx-get.js')),
  c('tx status', 'tx status TXID [--json]', 'in the mempool, confirmed (with confirmations) or unknown', () => import('./commands/tx-status.js')),
  c('tx list', 'tx list [--json]', "the node's mempool", () => import('./commands/tx-list.js')),
  c('chain reconsider', 'chain reconsider HASH [--json]', 'undo an invalidation and reorg back', () => import('./commands/chain-reconsider.js')),
  c('wallet init', 'wallet init [--mnemonic-file FILE | --mnemonic WORDS] [--json]', 'make the node wallet (or restore it from its words) and print the words once', () => import('./commands/wallet-init.js')),
  c('wallet address', 'wallet address [--json]', 'a new receive address of the node wallet', () => import('./commands/wallet-address.js')),
  c('wallet balance', 'wallet balance [--json]', 'confirmed, immature and unconfirmed balance of the node wallet', () => import('./commands/wallet-balance.js')),
  c('wallet send', 'wallet send ADDRESS SATS [--fee-rate N] [--json]', 'pay ADDRESS from the node wallet and submit to the mempool; prints the txid', () => import('./commands/wallet-send.js')),
  c('wallet history', 'wallet history [--json]', "the node wallet's transactions", () => import('./commands/wallet-history.js')),
  c('wallet code', 'wallet code [--json]', "the node's BIP47 payment code (from its wallet words)", () => import('./commands/wallet-code.js')),
  c('wallet pay-address', 'wallet pay-address CODE --index N [--network mainnet|testnet|regtest] [--json]', 'the BIP47 address this node pays CODE at index N', () =>
    import('./commands/wallet-pay-address.js'),
  ),
];

/** A first word that belongs to built-in commands (never looked up as a module group). */
export function isBuiltinWord(word: string): boolean {
  return COMMANDS.some((command) => command.path[0] === word);
}

/** The longest command path that prefixes argv, and the remaining arguments. */
export function findCommand(argv: string[]): { command: CommandEntry; args: string[] } | null {
  let best: CommandEntry | null = null;
  for (const command of COMMANDS) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, args: argv.slice(best.path.length) } : null;
}

export async function helpText(io: CliIo): Promise<string> {
  const width = Math.max(...COMMANDS.map((cmd) => cmd.usage.length - 'usage: blvm '.length));
  const lines = COMMANDS.map((cmd) => `  blvm ${cmd.usage.slice('usage: blvm '.length).padEnd(width)}  ${cmd.summary}`);
  return [
    'blvm: the module runtime of a minimal Bitcoin node',
    '',
    'usage: blvm <command> [args] [--config FILE]',
    '',
    'commands:',
    ...lines,
    '',
    'Every command takes --config FILE (else $BLVM_CONFIG, else ./blvm.toml).',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
    '',
  ].join('\n') + (await import('./commands/module-cli.js').then((m) => m.moduleHelpSection(io)).then((s) => (s ? `\n${s}` : '')));
}
