// A DevTools-protocol session with a Node process started with `--inspect=127.0.0.1:<port>`:
// the soak asks V8 for a full garbage collection before each heap sample, so the sample is the
// heap that is really retained, not wherever the saw-tooth of minor collections happened to be.
import WebSocket from 'ws';

export async function connectInspector(port, { timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let target;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/list`);
      [target] = await res.json();
      if (target?.webSocketDebuggerUrl) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no inspector on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const waiter = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** Heap in use (MB) right after a full, compacting garbage collection. */
    async retainedHeapMb() {
      await send('HeapProfiler.collectGarbage');
      const { usedSize } = await send('Runtime.getHeapUsage');
      return usedSize / 1024 / 1024;
    },
    close: () => socket.close(),
  };
}
