import Transport from 'winston-transport';

/** Captures every log line of a test app, so tests can scan them (e.g. for secrets). */
export class MemoryTransport extends Transport {
  readonly lines: string[] = [];

  override log(info: unknown, callback: () => void): void {
    this.lines.push(JSON.stringify(info));
    callback();
  }

  text(): string {
    return this.lines.join('\n');
  }
}
