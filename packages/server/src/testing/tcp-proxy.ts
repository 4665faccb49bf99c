import net from 'node:net';

/** A TCP proxy that can be cut (every connection dropped, new ones refused) and restored. */
export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * Forwards a local port to `host:port`, to make a database unreachable in a test and bring it back:
 * connect your app through `127.0.0.1:<proxy.port>`, `cut()` to drop every connection and refuse new
 * ones (an outage), `restore()` to let them through again.
 *
 * @example
 * const proxy = await tcpProxy('127.0.0.1', 5432); proxy.cut(); proxy.restore();
 */
export async function tcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      up = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
