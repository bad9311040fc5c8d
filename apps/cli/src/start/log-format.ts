/** How `casehub start` writes its children's logs: as they are (JSON), or for a person. */
export type LogFormat = 'json' | 'pretty';

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** LOG_FORMAT (`auto`, the default: `pretty` in a terminal, `json` into a file or a pipe). */
export function logFormatOf(env: NodeJS.ProcessEnv, isTTY: boolean): LogFormat {
  const wanted = env.LOG_FORMAT || 'auto';
  if (wanted === 'json' || wanted === 'pretty') return wanted;
  return isTTY ? 'pretty' : 'json';
}

/** What Nest says while it wires itself up: a line per module and route, of no use to a person. */
const BOOT_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

const LEVELS: Record<string, number> = {
  trace: 10,
  verbose: 10,
  debug: 20,
  log: 30,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

interface LogRecord {
  level?: number | string;
  time?: number | string;
  timestamp?: number | string;
  msg?: string;
  message?: unknown;
  context?: string;
  err?: { message?: string };
  method?: string;
  path?: string;
  statusCode?: number;
  responseTime?: number;
}

/**
 * One line of a child's output for a person: `14:03:07 core  POST /v1/cases 201 (4 ms)`, warnings
 * and errors marked, Nest's start-up chatter dropped (null). Reads the core's pino lines and the
 * plugins' Nest JSON lines alike; any other line is kept as it is, labelled.
 */
export function humanLine(line: string, label: string): string | null {
  const who = label.padEnd(8);
  if (!line.startsWith('{"')) return `${clock(Date.now())} ${who} ${line}`;
  let r: LogRecord;
  try {
    r = JSON.parse(line) as LogRecord;
  } catch {
    return `${clock(Date.now())} ${who} ${line}`;
  }
  const level = typeof r.level === 'number' ? r.level : (LEVELS[r.level ?? 'info'] ?? 30);
  if (level <= 30 && r.context && BOOT_CONTEXTS.has(r.context)) return null;
  const text =
    r.statusCode && r.method
      ? `${r.method} ${r.path} ${r.statusCode} (${Math.round(r.responseTime ?? 0)} ms)`
      : `${r.msg ?? (typeof r.message === 'string' ? r.message : JSON.stringify(r.message))}` +
        (r.err?.message && !String(r.msg).includes(r.err.message) ? `: ${r.err.message}` : '');
  const mark = level >= 50 ? 'ERROR ' : level >= 40 ? 'WARN  ' : '';
  return `${clock(r.time ?? r.timestamp ?? Date.now())} ${who} ${mark}${text}`;
}

function clock(at: number | string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '--:--:--' : d.toTimeString().slice(0, 8);
}
