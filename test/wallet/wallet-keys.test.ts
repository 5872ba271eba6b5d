// BIP84 key derivation and address handling of the node wallet.
import test from 'ava';
import { addressScript, checkMnemonic, newMnemonic, WalletKeys } from '../../src/wallet/wallet-keys.js';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

test('mainnet keys follow the BIP84 test vectors for the receive and change chains', (t) => {
  const keys = new WalletKeys(ABANDON, 'mainnet');
  t.is(keys.key('receive', 0).address, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  t.is(keys.key('receive', 1).address, 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
  t.is(keys.key('change', 0).address, 'bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el');
  t.is(keys.key('change', 0).path, "m/84'/0'/0'/1/0");
});

test("regtest keys use coin type 1' and bcrt1 addresses whose script is P2WPKH", (t) => {
  const key = new WalletKeys(ABANDON, 'regtest').key('receive', 0);
  t.is(key.path, "m/84'/1'/0'/0/0");
  t.regex(key.address, /^bcrt1q[a-z0-9]{38}$/);
  t.is(key.script.length, 22);
  t.deepEqual(addressScript(key.address, 'regtest'), key.script);
  t.not(new WalletKeys(ABANDON, 'testnet').key('receive', 0).address, key.address);
});

test('an address of another network is refused naming the value and the node network', (t) => {
  const error = t.throws(() => addressScript('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', 'regtest'));
  t.regex(error.message, /address "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu" is not a valid regtest address .*bcrt1/);
  t.throws(() => addressScript('nonsense', 'mainnet'), { message: /"nonsense" is not a valid mainnet address/ });
});

test('mnemonics are normalised, and words failing the checksum are refused', (t) => {
  t.is(checkMnemonic(`  ${ABANDON.toUpperCase().replace(/ /g, '  ')} `), ABANDON);
  t.throws(() => checkMnemonic(ABANDON.replace('about', 'abandon')), { message: /not a valid BIP39 English mnemonic/ });
  t.is(checkMnemonic(newMnemonic()).split(' ').length, 12);
});
