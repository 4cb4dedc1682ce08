// Starts a fake PSP: PORT (default 3010; the secondary runs with 3011) and PROVIDER_NAME.
import { createFakePsp } from '@eventshop/fake-provider';

const port = Number(process.env['PORT'] ?? 3010);
createFakePsp(process.env['PROVIDER_NAME'] ?? 'fake-psp')
  .listen(port, process.env['HOST'] ?? '127.0.0.1')
  .then(({ url, close }) => {
    console.log(JSON.stringify({ msg: 'fake-psp listening', url }));
    const stop = () => void close().then(() => process.exit(0));
    process.on('SIGTERM', stop).on('SIGINT', stop);
  });
