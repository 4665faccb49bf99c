import net from 'node:net';

/** A raw TCP connection to a test server that collects what it receives. */
export interface RawSocket {
  socket: net.Socket;
  /** Everything received so far, as text. */
  received(): string;
  /** Resolves when `predicate(received)` holds, or with `false` after `timeoutMs`. */
  waitFor(predicate: (text: string) => boolean, timeoutMs: number): Promise<boolean>;
  /** Whether the socket is closed. */
  isClosed(): boolean;
  /** Resolves `true` once the server has closed the socket, `false` after `timeoutMs`. */
  closed(timeoutMs: number): Promise<boolean>;
}

/** Opens a raw connection to `url`'s host and port. */
export async function rawSocket(url: string): Promise<RawSocket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let ended = false;
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    ended = true;
  });
  const poll = (check: () => boolean, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const deadline = Date.now() + timeoutMs;
      const tick = () => {
        if (check()) return resolve(true);
        if (Date.now() > deadline) return resolve(false);
        setTimeout(tick, 10);
      };
      tick();
    });
  return {
    socket,
    received: () => text,
    isClosed: () => ended,
    waitFor: (predicate, timeoutMs) => poll(() => predicate(text), timeoutMs),
    closed: (timeoutMs) => poll(() => ended, timeoutMs),
  };
}

/** The request line and headers of a keep-alive request, ready to write. */
export function requestHead(
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
): string {
  const lines = Object.entries({ host: 'localhost', connection: 'keep-alive', ...headers }).map(
    ([k, v]) => `${k}: ${v}`,
  );
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
