// A version conflict is expected under concurrency: the command handler retries it from a fresh read.
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  constructor(
    readonly streamId: string,
    readonly expected: number | 'any' | 'exists',
    readonly actual?: number,
  ) {
    super(`stream ${streamId}: expected version ${expected}${actual === undefined ? ', but another writer got there first' : `, found ${actual}`}`);
  }
}
