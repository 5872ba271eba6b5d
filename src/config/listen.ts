// `[inspector] listen = "127.0.0.1:7780"`: host:port on a loopback address (the inspector
// is a local operator tool; design section 10). Port 0 = any free port.
import { isIP } from 'node:net';
import { ValueError, describeValue } from './value-error.js';

export interface ListenAddress {
  host: string;
  port: number;
}

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/;

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export function parseListen(value: unknown): ListenAddress {
  const { host, port } = parseHostPort(value);
  if (!isLoopback(host)) {
    throw new ValueError(`the inspector only listens on a loopback address (127.0.0.1, ::1 or localhost), got ${describeValue(host)}`);
  }
  return { host, port };
}

/** host:port on any IP address or "localhost" (the metrics endpoint may face a Prometheus server). */
export function parseHostPort(value: unknown): ListenAddress {
  const match = typeof value === 'string' ? HOST_PORT.exec(value) : null;
  if (!match) throw new ValueError(`expected host:port like "127.0.0.1:7780", got ${describeValue(value)}`);
  const host = match[1] ?? match[2];
  const port = Number(match[3]);
  if (port > 65535) throw new ValueError(`port ${port} is out of range (0-65535; 0 = any free port)`);
  if (match[1] !== undefined && isIP(host) !== 6) throw new ValueError(`invalid IPv6 address ${describeValue(host)}`);
  if (host !== 'localhost' && isIP(host) === 0) throw new ValueError(`expected an IP address or "localhost", got ${describeValue(host)}`);
  return { host, port };
}
