// Starts the fake carrier: PORT (default 3012).
import { createFakeCarrier } from '@eventshop/fake-provider';

const port = Number(process.env['PORT'] ?? 3012);
createFakeCarrier()
  .listen(port, process.env['HOST'] ?? '127.0.0.1')
  .then(({ url, close }) => {
    console.log(JSON.stringify({ msg: 'fake-carrier listening', url }));
    const stop = () => void close().then(() => process.exit(0));
    process.on('SIGTERM', stop).on('SIGINT', stop);
  });
