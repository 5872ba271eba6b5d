// Child process for the crash test: writes to a regtest chain store in a loop (generate,
// side branches that overtake the tip, invalidate, reconsider) and prints each finished step.
// Usage: node --import tsx chain-writer.ts FILE
import { generateBlocks } from '../../../src/chain/chain-generate.js';
import { ChainStore } from '../../../src/chain/chain-store.js';
import { regtestParams } from '../../../src/chain/params.js';

const store = await ChainStore.open(process.argv[2], { params: regtestParams });
const invalidated: string[] = [];
for (let step = 1; ; step++) {
  const height = store.height();
  if (step % 11 === 0 && height > 4) {
    const hash = store.blockHashAt(height - 2);
    await store.invalidate(hash);
    invalidated.push(hash);
  } else if (step % 17 === 0 && invalidated.length > 0) {
    await store.reconsider(invalidated.shift() as string);
  } else if (step % 7 === 0 && height > 3) {
    await generateBlocks(store, 4, { parent: store.blockHashAt(height - 3) });
  } else {
    await generateBlocks(store, 1);
  }
  process.stdout.write(`${step}\n`);
}
