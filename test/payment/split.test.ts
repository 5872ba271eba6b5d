import test from 'ava';
import { splitPrice } from '../../src/payment/split.js';

const codes = { author_payment_code: 'PM-author', commons_payment_code: 'PM-commons' };
const shares = (price: number, node?: string): Record<string, number> =>
  Object.fromEntries(splitPrice({ price_sats: price, ...codes, node_payment_code: node }).map((p) => [p.role, p.sats]));

test('a round price splits 75/10/15 between author, node and marketplace', (t) => {
  t.deepEqual(shares(100_000, 'PM-node'), { author: 75_000, node: 10_000, marketplace: 15_000 });
});

test('without a node payment code the node share goes to the marketplace', (t) => {
  t.deepEqual(shares(100_000), { author: 75_000, marketplace: 25_000 });
});

test('shares are floored for author and node and the marketplace takes the remainder, so they sum to the price', (t) => {
  for (const price of [1, 3, 7, 9, 13, 99, 101, 12_345, 999_999_997]) {
    const s = shares(price, 'PM-node');
    t.is((s.author ?? 0) + (s.node ?? 0) + (s.marketplace ?? 0), price, `price ${price}`);
    t.is(s.author ?? 0, Math.floor((price * 75) / 100));
  }
  t.deepEqual(shares(13, 'PM-node'), { author: 9, node: 1, marketplace: 3 });
});

test('a price near the 21M BTC bound splits exactly (no float rounding)', (t) => {
  const price = 2_099_999_999_999_999;
  const s = shares(price, 'PM-node');
  t.is(s.author, 1_574_999_999_999_999);
  t.is(s.node, 209_999_999_999_999);
  t.is(s.author! + s.node! + s.marketplace!, price);
});

test('a zero share (tiny price) has no payee', (t) => {
  t.deepEqual(shares(1, 'PM-node'), { marketplace: 1 });
});
