// The entry point of a new Python module: the wire protocol of docs/ipc-protocol.md, standard library only.
import type { ModuleFiles } from './module-files.js';

export function pythonModule(name: string): ModuleFiles {
  return {
    'main.py': {
      mode: 0o755,
      text: `#!/usr/bin/env python3
"""${name}: says hello in the node's log and prints new blocks (protocol: docs/ipc-protocol.md)."""
import json
import os
import socket
import struct
import sys

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(os.environ["BLVM_SOCKET"])
buffered = b""
responses = {}
next_id = 1


def send(envelope):
    payload = json.dumps(envelope).encode("utf-8")
    sock.sendall(struct.pack(">I", len(payload)) + payload)


def read_frame():
    global buffered
    while True:
        if len(buffered) >= 4:
            (length,) = struct.unpack(">I", buffered[:4])
            if len(buffered) >= 4 + length:
                frame = json.loads(buffered[4 : 4 + length].decode("utf-8"))
                buffered = buffered[4 + length :]
                return frame
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit(0)
        buffered += chunk


def handle(envelope):
    kind = envelope["kind"]
    if kind == "ping":
        send({"kind": "pong", "id": envelope["id"]})
    elif kind == "response":
        responses[envelope["id"]] = envelope
    elif kind == "event" and envelope["type"] == "NewBlock":
        print(f"block {envelope['data']['height']}", flush=True)
    elif kind == "shutdown":
        sock.close()
        sys.exit(0)


def request(method, params=None):
    global next_id
    request_id = next_id
    next_id += 1
    send({"kind": "request", "id": request_id, "method": method, "params": params or {}})
    while request_id not in responses:
        handle(read_frame())
    response = responses.pop(request_id)
    if "error" in response:
        raise RuntimeError(f"{method}: {response['error']['code']}: {response['error']['message']}")
    return response["result"]


send({"kind": "hello", "module": os.environ["BLVM_MODULE"], "token": os.environ["BLVM_TOKEN"], "protocol": 1})
welcome = read_frame()
if welcome["kind"] != "welcome":
    print(f"refused: {welcome}", file=sys.stderr, flush=True)
    sys.exit(1)
with open(os.environ["BLVM_CONFIG"], encoding="utf-8") as file:
    config = json.load(file)
request("events.subscribe", {"types": ["NewBlock"]})
request("ready")
send({"kind": "log", "level": "info", "message": f"{config['greeting']} from ${name}"})
while True:
    handle(read_frame())
`,
    },
  };
}
