import fs from 'node:fs';
import winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  json: boolean;
  logDir?: string;
  /** Literal secret values to scrub from every message and field. */
  secrets?: string[];
  /** Silence the console (tests). */
  silent?: boolean;
  /** Extra transport (tests capture logs through it). */
  transports?: winston.transport[];
}

const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|credential|^key$/i;
const REDACTED = '[REDACTED]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a function that scrubs secrets from any value, deeply. */
export function createRedactor(secrets: string[] = []): (value: unknown) => unknown {
  const literal = secrets.length > 0 ? new RegExp(secrets.map(escapeRegExp).join('|'), 'g') : undefined;
  // Plex tokens in query strings and bearer tokens in free text.
  const patterns = [/([?&]X-Plex-Token=)[^&\s"']+/gi, /(Bearer\s+)[A-Za-z0-9._~+/-]+=*/g];
  const scrubString = (s: string): string => {
    let out = literal ? s.replace(literal, REDACTED) : s;
    for (const p of patterns) out = out.replace(p, `$1${REDACTED}`);
    return out;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrubString(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) {
      return { name: value.name, message: scrubString(value.message), stack: value.stack ? scrubString(value.stack) : undefined };
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null && typeof v !== 'boolean' ? REDACTED : walk(v, depth + 1);
    }
    return out;
  };
  return (value) => walk(value, 0);
}

const SPLAT = Symbol.for('splat');
const LEVEL = Symbol.for('level');

function redactFormat(redact: (v: unknown) => unknown) {
  return winston.format((info) => {
    const scrubbed = redact({ ...info }) as Record<string, unknown>;
    for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
    Object.assign(info, scrubbed);
    (info as Record<symbol, unknown>)[LEVEL] = info.level;
    delete (info as Record<symbol, unknown>)[SPLAT];
    return info;
  })();
}

/**
 * The one application logger: JSON lines in production, readable lines in
 * development, daily files under LOG_DIR, secrets redacted everywhere. A log
 * folder that cannot be written is reported once and then ignored, so logging
 * never takes the server down.
 */
export function createLogger(options: LoggerOptions): Logger {
  const redact = createRedactor(options.secrets);
  const base = winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), redactFormat(redact));
  const consoleFormat = options.json
    ? winston.format.json()
    : winston.format.printf(({ timestamp, level, message, ...rest }) => {
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
        return `${String(timestamp)} ${level} ${String(message)}${extra}`;
      });

  const transports: winston.transport[] = [
    new winston.transports.Console({ silent: options.silent ?? false, format: consoleFormat }),
    ...(options.transports ?? []),
  ];
  const logger = winston.createLogger({ level: options.level, format: base, transports, exitOnError: false });

  if (options.logDir) attachFileTransport(logger, options.logDir);
  return logger;
}

function attachFileTransport(logger: Logger, logDir: string): void {
  let reported = false;
  const reportOnce = (err: unknown) => {
    if (reported) return;
    reported = true;
    logger.error('log directory is not writable; continuing with console logging only', {
      logDir,
      reason: (err as NodeJS.ErrnoException)?.code ?? String(err),
    });
  };
  try {
    fs.mkdirSync(logDir, { recursive: true });
    fs.accessSync(logDir, fs.constants.W_OK);
  } catch (err) {
    reportOnce(err);
    return;
  }
  const file = new DailyRotateFile({
    dirname: logDir,
    filename: 'application-%DATE%.log',
    datePattern: 'YYYY-MM-DD',
    maxFiles: '14d',
    format: winston.format.json(),
  });
  const giveUp = (err: unknown) => {
    logger.remove(file);
    reportOnce(err);
  };
  file.on('error', giveUp);
  // The transport does not listen to its own file stream's errors: a full disk (ENOSPC)
  // would be an unhandled 'error' event and take the whole process down.
  (file as unknown as { logStream?: NodeJS.EventEmitter }).logStream?.on('error', giveUp);
  logger.add(file);
}
