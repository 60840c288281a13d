import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';
import { TcpProxy } from '../support/tcp-proxy';
import util from 'node:util';

describe('scratch', () => {
  let t: TestApp; let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = new TcpProxy('127.0.0.1', 5432); await proxy.start();
    t = await buildTestApp({ databaseUrlFor: (u) => { const x = new URL(u); x.port = String(proxy.port); return x.toString(); } });
  });
  afterAll(async () => { await proxy.resume(); await t.close(); await proxy.stop(); });
  it('x', async () => {
    const p = t.container.db.prisma;
    const dump = async (label: string, f: () => Promise<unknown>) => { try { await f(); console.log(label, 'ok'); } catch (e) { const x = e as any; console.log(label, x?.constructor?.name, x.code, util.inspect({ meta: x.meta, cause: x.cause, name: x.name, msg: String(x.message).slice(-200), keys: Object.keys(x) }, { depth: 5 })); } };
    await dump('warm', () => p.user.count());
    await proxy.cut('refuse');
    await dump('refuse', () => p.user.count());
    await proxy.resume();
    await dump('resumed1', () => p.user.count());
    await dump('resumed2', () => p.user.count());
    // cut during a long query
    const slow = dump('mid-query', () => p.$queryRawUnsafe('SELECT pg_sleep(2)'));
    await new Promise(r => setTimeout(r, 300));
    await proxy.cut('refuse');
    await slow;
    await proxy.resume();
    await dump('tx-cut', () => p.$transaction(async (tx) => { await tx.user.count(); await proxy.cut('refuse'); await tx.user.count(); }));
    await proxy.resume();
    await proxy.cut('blackhole');
    await dump('blackhole', () => p.user.count());
    await proxy.resume();
    await dump('end', () => p.user.count());
  }, 60000);
});
