import { createServer } from 'node:net';
import { freePort, portIsFree } from './ports';

describe('freePort', () => {
  it('hands out free ports below the range of outgoing connections, never the same one twice', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    expect(ports.every((port) => port >= 20_000 && port < 32_768)).toBe(true);
    const port = ports[0];
    expect(await portIsFree(port)).toBe(true);
    const server = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(await portIsFree(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
