// A container's health check without curl (the runtime image is slim): exits 0 when the URL answers
// 2xx within two seconds, 1 otherwise.   node healthcheck.cjs http://127.0.0.1:3001/health/ready
const url = process.argv[2];
fetch(url, { signal: AbortSignal.timeout(2000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
