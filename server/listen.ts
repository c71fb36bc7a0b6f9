// Starting a listening socket (the PostgreSQL server's and the HTTP endpoint's) and learning its port.

import type { Server } from 'node:net';

/** Listens on `port` (0: a free one) and `host`; resolves to the port, rejects on a listen error. */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
