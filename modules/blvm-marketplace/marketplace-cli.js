// The `blvm marketplace` command group: `quote MODULE`, `status MODULE` and `sales`, each with --json.
const jsonArg = { name: 'json', long: 'json', help: 'print JSON' };
const moduleArg = { name: 'module', required: true, help: 'module name' };

function printQuote(q, stdout) {
  stdout(`${q.module} ${q.version}: ${q.price_sats} sats, licence ${q.licence_versions}\n`);
  for (const p of q.payees) stdout(`  ${p.role.padEnd(11)} ${String(p.sats).padStart(12)} sats to ${p.address} (BIP47 index ${p.index} of ${p.payment_code.slice(0, 12)}…)\n`);
  stdout(`buy it with: blvm module buy ${q.module}\n`);
}

function printStatus(s, stdout) {
  stdout(`${s.module}: ${s.licensed ? `licensed by ${s.licensed_by}` : 'not licensed'}\n`);
  for (const p of s.purchases) stdout(`  ${p.txid} ${p.version} (${p.licence_versions}): ${p.verdict.proven ? `proven, ${p.verdict.confirmations} confirmations` : p.verdict.reason}\n`);
}

function printSales(s, stdout) {
  if (s.watched.length === 0) stdout('no payment codes watched: set watch_payment_codes in [modules.blvm-marketplace]\n');
  else if (s.modules.length === 0) stdout('no sales recorded for the watched payment codes\n');
  for (const m of s.modules) stdout(`${m.module}: ${m.sales} sale(s), ${m.received_sats} sats received (${m.proven} proven), ${m.pending_sats} sats pending\n`);
}

export function marketplaceCli(market) {
  const command = (name, about, args, read, print) => ({
    name,
    about,
    args: [...args, jsonArg],
    run: async ({ options, positionals, stdout }) => {
      const value = await read(positionals[0]);
      if (options.json) stdout(`${JSON.stringify(value, null, 2)}\n`);
      else print(value, stdout);
      return 0;
    },
  });
  return {
    name: 'marketplace',
    about: 'the module marketplace kept by blvm-marketplace',
    commands: [
      command('quote', "price, split and the addresses this node pays for a paid module", [moduleArg], (name) => market.quote(name), printQuote),
      command('status', "this node's purchases of a module and whether one licenses it now", [moduleArg], (name) => market.status(name), printStatus),
      command('sales', 'sales to the watched payment codes, per module (as recorded by this node)', [], () => market.sales(), printSales),
    ],
  };
}
