// Refusals the resilience layer gives instead of calling: both mean "the call was not made".
export class BreakerOpen extends Error {
  override readonly name = 'BreakerOpen';
  constructor(
    readonly breaker: string,
    readonly reason?: string,
  ) {
    super(`breaker ${breaker} is open${reason ? ` (${reason})` : ''}: call not made`);
  }
}

export class BulkheadFull extends Error {
  override readonly name = 'BulkheadFull';
  constructor(
    readonly breaker: string,
    readonly limit: number,
  ) {
    super(`breaker ${breaker} already has ${limit} calls in flight: call not made`);
  }
}

/** Every fallback was tried and none answered; `failures` says why, in order. */
export class FallbacksExhausted extends Error {
  override readonly name = 'FallbacksExhausted';
  constructor(readonly failures: { via: string; error: unknown }[]) {
    super(`no fallback answered: ${failures.map((f) => `${f.via}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; ')}`);
  }
}
