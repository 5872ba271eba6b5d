// Plain length-prefixed JSON framing for the baseline programs (no blvm code at all).
export function frame(value) {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

/** Calls onFrame for every whole frame read from the socket. */
export function readFrames(socket, onFrame) {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    let offset = 0;
    while (buffered.length - offset >= 4) {
      const length = buffered.readUInt32BE(offset);
      if (buffered.length - offset < 4 + length) break;
      onFrame(JSON.parse(buffered.toString('utf8', offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    buffered = offset === buffered.length ? Buffer.alloc(0) : buffered.subarray(offset);
  });
}
