// Read-your-writes between the write side and the read side: a write's answer carries a token naming
// what the read side must have projected before a read includes that write — an order and the
// position its saga's stream had reached. Opaque to clients; versioned so it can change.
import { ContractViolation } from './message-catalog';

export interface ConsistencyPoint {
  orderId: string;
  /** The saga stream's version after the write: the read side must have projected that far. */
  sagaSequence: number;
}

const PREFIX = 'v1.';

export function consistencyTokenOf(point: ConsistencyPoint): string {
  return PREFIX + Buffer.from(JSON.stringify([point.orderId, point.sagaSequence])).toString('base64url');
}

/** The point a token names; a ContractViolation naming `field` for anything this API did not give out. */
export function consistencyPointOf(token: string, field = 'consistencyToken'): ConsistencyPoint {
  if (token.startsWith(PREFIX)) {
    try {
      const [orderId, sagaSequence] = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as unknown[];
      if (typeof orderId === 'string' && orderId.length > 0 && Number.isInteger(sagaSequence) && (sagaSequence as number) > 0) {
        return { orderId, sagaSequence: sagaSequence as number };
      }
    } catch {
      // falls through to the refusal below
    }
  }
  throw new ContractViolation(`invalid ${field}`, [{ path: field, message: 'not a consistency token this API gave out' }]);
}
