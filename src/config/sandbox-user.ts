// The value of [sandbox] user: which host identity sandboxed modules run as. "dynamic" (a
// dedicated uid per module, allocated by the node), "root", "<uid>:<gid>" or a user name.
import type { Field } from './fields.js';
import { ValueError, describeValue } from './value-error.js';

export type UserSetting =
  | { kind: 'dynamic' }
  | { kind: 'root' }
  | { kind: 'ids'; uid: number; gid: number }
  | { kind: 'name'; name: string };

const MAX_ID = 4_294_967_294;
const USER_NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;

function id(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_ID ? n : null;
}

/** The setting the text names, or null when it is none of the accepted forms. */
export function userSetting(text: string): UserSetting | null {
  if (text === 'dynamic') return { kind: 'dynamic' };
  if (text === 'root') return { kind: 'root' };
  const ids = /^(\d+):(\d+)$/.exec(text);
  if (ids) {
    const [uid, gid] = [id(ids[1]), id(ids[2])];
    return uid === null || gid === null ? null : { kind: 'ids', uid, gid };
  }
  return USER_NAME.test(text) && text.length <= 32 ? { kind: 'name', name: text } : null;
}

export const sandboxUser: Field<string> = {
  type: '"dynamic" | "root" | "uid:gid" | user name',
  default: 'dynamic',
  doc: 'host identity of sandboxed modules; "dynamic" = a dedicated unprivileged uid per module',
  parse(value) {
    if (typeof value === 'string' && userSetting(value)) return value;
    throw new ValueError(`expected "dynamic", "root", "<uid>:<gid>" or a user name, got ${describeValue(value)}`);
  },
};
