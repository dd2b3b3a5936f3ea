/** Raw HTTP/1.1 over `node:net` for the server tests: the test controls every byte. */
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';

/** One HTTP answer read off a socket. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything received, interim `1xx` answers included. */
  text: string;
  /** The server closed the connection. */
  closed: boolean;
  /** The socket error seen, if any (`EPIPE`, `ECONNRESET`). */
  error: string | undefined;
}

function parseFinal(text: string, closed: boolean): Omit<RawAnswer, 'text' | 'closed' | 'error'> | undefined {
  let rest = text;
  // Skip interim answers (100 Continue).
  while (/^HTTP\/1\.[01] 1\d\d /.test(rest)) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    rest = rest.slice(end + 4);
  }
  const end = rest.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = rest.slice(end + 4);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (Buffer.byteLength(body, 'latin1') < length) return undefined;
    body = Buffer.from(body, 'latin1').subarray(0, length).toString();
  } else if (headers['transfer-encoding'] === 'chunked') {
    let out = '';
    let chunks = body;
    for (;;) {
      const nl = chunks.indexOf('\r\n');
      if (nl < 0) return undefined;
      const size = Number.parseInt(chunks.slice(0, nl), 16);
      if (size === 0) break;
      if (chunks.length < nl + 2 + size + 2) return undefined;
      out += chunks.slice(nl + 2, nl + 2 + size);
      chunks = chunks.slice(nl + 2 + size + 2);
    }
    body = Buffer.from(out, 'latin1').toString();
  } else if (!closed) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** A raw connection: `answer` resolves with the first final answer (or what came before close). */
export interface RawConnection {
  socket: Socket;
  answer: Promise<RawAnswer>;
  closed: Promise<void>;
  /** Everything received so far. */
  received(): string;
}

/** Opens a connection to the server at `url`; `sockets` collects it for clean-up. */
export function openRaw(url: string, sockets: Socket[]): RawConnection {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  sockets.push(socket);
  let text = '';
  let error: string | undefined;
  let closed = false;
  socket.on('error', (e: NodeJS.ErrnoException) => {
    error ??= e.code ?? e.message;
  });
  const answer = new Promise<RawAnswer>((resolve) => {
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const parsed = parseFinal(text, false);
      if (parsed) resolve({ ...parsed, text, closed, error });
    });
    socket.on('close', () => {
      closed = true;
      const parsed = parseFinal(text, true);
      resolve(
        parsed
          ? { ...parsed, text, closed, error }
          : { status: 0, headers: {}, body: text, text, closed, error },
      );
    });
  });
  const closedPromise = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, answer, closed: closedPromise, received: () => text };
}

/** A request head (`Host` first unless `host` is false). */
export function requestHead(
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  options: { host?: boolean; version?: string } = {},
): string {
  const lines = [`${method} ${path} HTTP/${options.version ?? '1.1'}`];
  if (options.host !== false) lines.push('Host: 127.0.0.1');
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Parses the body as an envelope, asserting it is a valid one. */
export function envelopeIn(answer: RawAnswer) {
  const json = JSON.parse(answer.body) as {
    status: string;
    error: { type: string; code?: number; message: string } | null;
  };
  expect(validateDeliverablesEnvelope(json).errors).toEqual([]);
  return json;
}

/** Rejects after `ms` with `what`: a bound on waits that would otherwise hang until the test timeout. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    }),
  ]);
}

/** Waits until `check()` holds (polling every 10 ms, at most 5 s). */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
