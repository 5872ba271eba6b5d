import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { FrameDecoder } from '../../src/ipc/frame-decoder.js';
import { checkPayloadSize, encodeFrame, encodeJsonFrames, encodeSplitFrames, releaseSplitFrames } from '../../src/ipc/frame-encode.js';

function header(length: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(length, 0);
  return b;
}

function rawFrame(payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([header(body.length), body]);
}

test('a frame is a big-endian length followed by the UTF-8 JSON payload', (t) => {
  const frame = encodeFrame({ kind: 'ping', id: 7, note: 'é' });
  const json = '{"kind":"ping","id":7,"note":"é"}';
  t.is(frame.readUInt32BE(0), Buffer.byteLength(json));
  t.is(frame.subarray(4).toString('utf8'), json);
});

test('encoding refuses a payload larger than the given maximum', (t) => {
  const error = t.throws(() => encodeFrame({ s: 'x'.repeat(100) }, 50), { instanceOf: BlvmError });
  t.is(error?.code, 'protocol');
});

test('frames split byte by byte across chunks are reassembled', (t) => {
  const decoder = new FrameDecoder();
  const bytes = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame({ b: 'two' })]);
  const out: unknown[] = [];
  for (const byte of bytes) out.push(...decoder.push(Buffer.from([byte])));
  t.deepEqual(out, [{ a: 1 }, { b: 'two' }]);
  t.is(decoder.pendingBytes, 0);
});

test('several frames joined in one chunk all come out, in order', (t) => {
  const decoder = new FrameDecoder();
  const frames = Array.from({ length: 5 }, (_, i) => encodeFrame({ i }));
  const partial = encodeFrame({ last: true });
  const out = decoder.push(Buffer.concat([...frames, partial.subarray(0, 6)]));
  t.deepEqual(out, [0, 1, 2, 3, 4].map((i) => ({ i })));
  t.deepEqual(decoder.push(partial.subarray(6)), [{ last: true }]);
});

test('a frame of exactly the maximum size is accepted', (t) => {
  const max = 64;
  const payload = `{"s":"${'x'.repeat(max - 8)}"}`;
  t.is(Buffer.byteLength(payload), max);
  const decoder = new FrameDecoder(max);
  t.deepEqual(decoder.push(rawFrame(payload)), [{ s: 'x'.repeat(max - 8) }]);
});

test('a length of maximum + 1 is refused from the header alone, before any payload arrives', (t) => {
  const decoder = new FrameDecoder(64);
  const error = t.throws(() => decoder.push(header(65)), { instanceOf: BlvmError });
  t.is(error?.code, 'protocol');
  t.regex(error?.message ?? '', /65 bytes exceeds the maximum of 64/);
  t.is(decoder.pendingBytes, 0);
});

test('a huge declared length is refused without buffering it, even with the default maximum', (t) => {
  const decoder = new FrameDecoder();
  t.throws(() => decoder.push(header(0xffffffff)), { instanceOf: BlvmError, message: /exceeds the maximum/ });
});

test('a payload that is not JSON is a protocol error', (t) => {
  const decoder = new FrameDecoder();
  t.throws(() => decoder.push(rawFrame('{"kind": nope')), { instanceOf: BlvmError, message: /not valid JSON/ });
});

test('a payload that is not UTF-8 is a protocol error', (t) => {
  const decoder = new FrameDecoder();
  t.throws(() => decoder.push(rawFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))), {
    instanceOf: BlvmError,
    message: /not valid UTF-8/,
  });
});

test('JSON values that are not objects are refused', (t) => {
  for (const payload of ['42', '"text"', 'null', '[1,2]', 'true']) {
    const decoder = new FrameDecoder();
    t.throws(() => decoder.push(rawFrame(payload)), { instanceOf: BlvmError, message: /must be a JSON object/ }, payload);
  }
});

test('an empty payload is refused as invalid JSON', (t) => {
  t.throws(() => new FrameDecoder().push(header(0)), { instanceOf: BlvmError, message: /not valid JSON/ });
});

test('after a protocol error the decoder keeps refusing, since the stream is no longer aligned', (t) => {
  const decoder = new FrameDecoder();
  t.throws(() => decoder.push(rawFrame('garbage')));
  t.throws(() => decoder.push(encodeFrame({ fine: true })), { message: /not valid JSON/ });
});

/** 40 subscriptions' heads, one event body shared by all, and another event's body. */
const splitHeads = Array.from({ length: 40 }, (_, i) => Buffer.from(`{"kind":"event","subscription":"s${i}",`));
const splitBody = Buffer.from('"type":"NewBlock","data":{"note":"₿"}}');
const otherBody = Buffer.from('"type":"Other","data":{"note":"zzzzzz"}}');

test('split frames join each head to its shared body, and earlier batches stay intact while many more are made (issue 19)', (t) => {
  const [heads, body, other] = [splitHeads, splitBody, otherBody];
  const first = encodeSplitFrames(heads, heads.map(() => body));
  const expected = Buffer.from(first);
  for (let i = 0; i < 200; i++) encodeSplitFrames(heads, heads.map(() => other));
  t.deepEqual(first, expected, 'a batch handed to a socket is never overwritten by later ones');
  const frames = new FrameDecoder().push(first);
  t.deepEqual(
    frames,
    heads.map((_, i) => ({ kind: 'event', subscription: `s${i}`, type: 'NewBlock', data: { note: '₿' } })),
  );
});

test('the memory of released split-frame batches is reused, and a batch not released is never overwritten (issue 19)', (t) => {
  const heads = splitHeads;
  const held = encodeSplitFrames(heads, heads.map(() => splitBody));
  const expected = Buffer.from(held);
  const memory = new Set<ArrayBufferLike>();
  for (let i = 0; i < 2000; i++) {
    const batch = encodeSplitFrames(heads, heads.map(() => otherBody));
    memory.add(batch.buffer);
    t.true(new FrameDecoder().push(batch).every((frame) => (frame as { type: string }).type === 'Other'));
    releaseSplitFrames(batch);
  }
  t.deepEqual(held, expected, 'the batch still held (its write not done) keeps its bytes');
  t.true(memory.size <= 2, `2000 batches of ${held.length} bytes, each released after use, took ${memory.size} slabs`);
});

/** The frames of one batch as encoded one by one, for comparing with what a shared batch became. */
const framesOf = (heads: readonly Buffer[], bodies: readonly Buffer[]): Buffer =>
  Buffer.concat(bodies.map((body, i) => rawFrame(Buffer.concat([heads[i], body]).toString('utf8'))));

test('the batch of the same events for the next subscriber is the one before with its subscription rewritten, byte for byte (issue 19)', (t) => {
  const bodies = [splitBody, otherBody, splitBody, otherBody];
  const head = (id: string): Buffer => Buffer.from(`{"kind":"event","subscription":"${id}",`);
  // s10 → s11 → s20 → s21: the second and fourth differ from the kept one in one digit, the third in the other.
  for (const ids of [['s10', 's11', 's20', 's21', 's10'], ['s9', 's10', 's99', 's100', 's7']]) {
    for (const id of ids) {
      const heads = bodies.map(() => head(id));
      t.deepEqual(encodeSplitFrames(heads, bodies), framesOf(heads, bodies), `the batch of ${id} after ${ids.join(', ')}`);
    }
  }
  const mixed = [head('s12'), head('s34'), head('s12'), head('s34')];
  encodeSplitFrames(mixed, bodies);
  const next = [head('s56'), head('s78'), head('s56'), head('s78')];
  t.deepEqual(encodeSplitFrames(next, bodies), framesOf(next, bodies), 'an instance with two subscriptions: each frame keeps its own');
  const fewer = bodies.slice(1);
  t.deepEqual(encodeSplitFrames(next.slice(1), fewer), framesOf(next.slice(1), fewer), 'other events are encoded afresh');
});

// Serial, so it runs first, on slabs no other test holds a batch of: each released batch is then reused at once.
test.serial('shared batches for many subscribers in step stay right while their memory is released and reused (issue 19)', (t) => {
  const bodies = Array.from({ length: 30 }, (_, i) => Buffer.from(`"type":"pub.tick","seq":${i},"data":{"i":${i}}}`));
  const ids = Array.from({ length: 40 }, (_, i) => `s${10 + ((i * 7) % 40)}`);
  for (let round = 0; round < 100; round++) {
    for (const id of ids) {
      const heads = bodies.map(() => Buffer.from(`{"kind":"event","subscription":"${id}",`));
      const batch = encodeSplitFrames(heads, bodies);
      const frames = new FrameDecoder().push(batch) as { subscription: string; data: { i: number } }[];
      if (!frames.every((f, i) => f.subscription === id && f.data.i === i)) {
        t.fail(`round ${round}: the batch of ${id} decoded to ${JSON.stringify(frames.slice(0, 2))}…`);
        return;
      }
      releaseSplitFrames(batch);
    }
  }
  t.pass();
});

test('split frames refuse a head and body together larger than the maximum', (t) => {
  const error = t.throws(() => encodeSplitFrames([Buffer.from('{"a":')], [Buffer.from('"12345"}')], 12));
  t.true(error instanceof BlvmError);
  t.regex(error?.message ?? '', /13 bytes exceeds the maximum of 12/);
});

test('a batch of JSON texts frames each with its UTF-8 size, multi-byte characters included (issue 19)', (t) => {
  const texts = ['{"kind":"response","id":1,"result":{"note":"₿ and ü"}}', '{"kind":"response","id":"b","result":null}'];
  const batch = encodeJsonFrames(texts);
  t.deepEqual(batch, Buffer.concat(texts.map((text) => rawFrame(text))));
  t.deepEqual(new FrameDecoder().push(batch), texts.map((text) => JSON.parse(text)));
  const next = encodeJsonFrames(['{"other":"text that reuses the scratch buffer"}']);
  t.deepEqual(batch, Buffer.concat(texts.map((text) => rawFrame(text))), 'a batch handed out is not overwritten by the next');
  t.deepEqual(new FrameDecoder().push(next), [{ other: 'text that reuses the scratch buffer' }]);
});

test('a batch of JSON texts too large for the scratch buffer is measured and framed exactly', (t) => {
  const texts = [`{"note":"${'₿'.repeat(4000)}"}`, `{"note":"${'x'.repeat(20000)}"}`];
  const batch = encodeJsonFrames(texts);
  t.deepEqual(batch, Buffer.concat(texts.map((text) => rawFrame(text))));
  t.is(batch.buffer.byteLength, batch.length, 'no room beyond the frames themselves is allocated');
});

test('a JSON payload larger than the maximum is refused before it is queued, and one that fits only by its UTF-8 size is let through', (t) => {
  const error = t.throws(() => checkPayloadSize('{"note":"₿"}', 12));
  t.true(error instanceof BlvmError);
  t.regex(error?.message ?? '', /14 bytes exceeds the maximum of 12/);
  t.notThrows(() => checkPayloadSize('{"note":"abc"}', 14), '14 UTF-16 units could be 42 bytes: measured, 14 exactly');
});

test('frames whose headers and payloads straddle chunks of every size come out whole and in order', (t) => {
  const values = Array.from({ length: 12 }, (_, i) => ({ kind: 'request', id: i, method: 'm', params: { text: 'x'.repeat(i * 7), note: 'ü' } }));
  const stream = Buffer.concat(values.map((value) => encodeFrame(value)));
  for (const size of [1, 2, 3, 5, 7, 13, 64, stream.length]) {
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    for (let at = 0; at < stream.length; at += size) frames.push(...decoder.push(stream.subarray(at, at + size)));
    t.deepEqual(frames, values, `chunks of ${size} bytes`);
    t.is(decoder.pendingBytes, 0);
  }
});

test('a payload holding a real U+FFFD character is accepted, while one with a bad byte next to it is refused', (t) => {
  t.deepEqual(new FrameDecoder().push(rawFrame('{"note":"\uFFFD"}')), [{ note: '\uFFFD' }]);
  const bad = Buffer.concat([Buffer.from('{"note":"\uFFFD'), Buffer.from([0xc3]), Buffer.from('"}')]);
  t.throws(() => new FrameDecoder().push(rawFrame(bad)), { message: /not valid UTF-8/ });
});
