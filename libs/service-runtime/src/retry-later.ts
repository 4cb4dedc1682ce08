// "Not yet — ask again in a moment": an answer that is on its way but not ready (the read side has
// not caught up with a write), sent as 503 problem+json with Retry-After.
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}
