// An upstream's success passed on with its own status (202 accepted, 201 created, 200).
import type { Answer } from '../../application/ports/write-side';

export interface StatusSink {
  status(code: number): unknown;
}

export function passOn<T>(response: StatusSink, answer: Answer<T>): T {
  response.status(answer.status);
  return answer.body;
}
