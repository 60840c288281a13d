import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const BACKEND_MAIN = path.resolve(__dirname, '..', '..', 'dist', 'main.js');

/** A child process whose output is kept (for failure messages) and which can be awaited. */
export interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  /** Sends the signal and waits for the exit; SIGKILL after `killAfterMs`. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | null>;
}

/**
 * Every child a test file starts, so afterAll can kill what is left even when
 * a test failed half-way: no process outlives its test file.
 */
export class ChildProcesses {
  private readonly children = new Set<Child>();

  start(command: string, args: string[], env: Record<string, string>, cwd?: string): Child {
    const proc = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-20_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const child: Child = {
      process: proc,
      exited,
      output: () => output,
      stop: async (signal = 'SIGTERM', killAfterMs = 30_000) => {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
        const timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      },
    };
    this.children.add(child);
    void exited.then(() => this.children.delete(child));
    return child;
  }

  /**
   * SIGTERM first, SIGKILL if that does not end it: a SIGKILLed nginx master
   * leaves its workers running (orphaned), SIGTERM makes it stop them.
   */
  async killAll(): Promise<void> {
    await Promise.all([...this.children].map((c) => c.stop('SIGTERM', 5000)));
  }
}

/** Polls a URL until it answers 200, or fails with the process output after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // Not up yet.
    }
    if (child && child.process.exitCode !== null) throw new Error(`process exited early:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms\n${child?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
