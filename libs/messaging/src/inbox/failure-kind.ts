// Tells an outage from a bad message. A handler that fails because the database or network is down
// says nothing about the message: dead-lettering it would empty the topic into the DLQ during every
// outage. Such failures are retried and then handed back to Kafka (the offset stays unresolved).
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isInfrastructureFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') {
    return error instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message);
  }
  if (CONNECTION_CODES.has(code)) return true;
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P operator intervention
  // (shutdown, terminated), 58 system error.
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P') || code.startsWith('58');
}
