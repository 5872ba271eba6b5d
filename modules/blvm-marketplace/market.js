// What the marketplace answers, read from the node's payments API (read_payments): a module's
// quote, this node's purchases of it and whether one licenses now, and the sales to watched codes.
// Sales are the purchases this node recorded: finding other payers' payments to a code on chain
// needs that code's private key (BIP47 receive side), which this module is never given.

/** `purchases` (with verdicts) grouped per module, counting only shares paid to `watched` codes. */
export function salesTo(purchases, watched) {
  const codes = new Set(watched);
  const byModule = new Map();
  for (const purchase of purchases) {
    const shares = purchase.payees.filter((p) => codes.has(p.payment_code));
    if (shares.length === 0) continue;
    const entry = byModule.get(purchase.module) ?? { module: purchase.module, sales: 0, proven: 0, received_sats: 0, pending_sats: 0, purchases: [] };
    const sats = shares.reduce((sum, p) => sum + p.sats, 0);
    entry.sales += 1;
    if (purchase.verdict.proven) {
      entry.proven += 1;
      entry.received_sats += sats;
    } else entry.pending_sats += sats;
    entry.purchases.push({ txid: purchase.txid, version: purchase.version, shares: shares.map((p) => ({ role: p.role, sats: p.sats, index: p.index, payment_code: p.payment_code })), verdict: purchase.verdict });
    byModule.set(purchase.module, entry);
  }
  return [...byModule.values()];
}

export function market(client, watched) {
  const purchases = (module) => client.request('payments.purchases', module === undefined ? {} : { module });
  return {
    quote: (name) => client.request('payments.quote', { name }),
    async status(name) {
      const found = await purchases(name);
      const licensing = found.find((p) => p.verdict.proven);
      return { module: name, licensed: licensing !== undefined, licensed_by: licensing?.txid ?? null, purchases: found.map((p) => ({ txid: p.txid, version: p.version, licence_versions: p.licence_versions, price_sats: p.price_sats, verdict: p.verdict })) };
    },
    async sales() {
      return { watched, modules: salesTo(await purchases(), watched) };
    },
  };
}
