import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';

/** A TCP proxy in front of the ml-service that a test can cut (as a network would) and restore. */
export interface TcpProxy {
  /** `host:port` to hand the gateway instead of the target's. */
  url: string;
  /** Drops every connection and refuses new ones; the target keeps running. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const open = (listenPort: number) =>
    new Promise<Server>((resolve) => {
      const server = createServer((client) => {
        const upstream = connect(port, host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(listenPort, '127.0.0.1', () => resolve(server));
    });
  let server: Server | null = await open(0);
  const listenPort = (server.address() as AddressInfo).port;
  const close = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    url: `127.0.0.1:${listenPort}`,
    cut: close,
    async restore() {
      server ??= await open(listenPort);
    },
    stop: close,
  };
}
