// Text the node trusts (blvm.toml, module.toml) is decoded strictly: invalid UTF-8 is an
// error naming where it is, never silently replaced by U+FFFD (which would let two
// byte-different manifests read, hash canonically and verify as one text).

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type Utf8Result = { text: string } | { invalid: { offset: number; line: number } };

// The first byte the lossy decoding changed is the first byte of the first invalid sequence.
function firstInvalidOffset(bytes: Buffer): number {
  const roundTrip = Buffer.from(bytes.toString('utf8'), 'utf8');
  let offset = 0;
  while (offset < bytes.length && bytes[offset] === roundTrip[offset]) offset++;
  return offset;
}

export function decodeUtf8Strict(data: Uint8Array): Utf8Result {
  try {
    return { text: decoder.decode(data) };
  } catch {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = firstInvalidOffset(bytes);
    let line = 1;
    for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
    return { invalid: { offset, line } };
  }
}

/** What is wrong and where, for a message that starts with the file name. */
export const invalidUtf8Text = (at: { offset: number; line: number }): string =>
  `invalid UTF-8 at byte offset ${at.offset} (line ${at.line}): the file must be UTF-8 text`;
