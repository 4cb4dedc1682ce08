// A fake payment service provider: charges and refunds with idempotency keys, a ledger that tests
// read to prove money adds up, and rules for declines. Token `tok_ok` is charged, `tok_decline` is
// declined (the public contract's defaults); more rules can be set over /admin/rules.
import { randomUUID } from 'node:crypto';
import { JsonServer, parseBody, type JsonResponse } from './json-server';
import { z } from 'zod';

const chargeRequest = z.object({
  orderId: z.string().min(1),
  amountCents: z.number().int().positive(),
  token: z.string().min(1),
  idempotencyKey: z.string().min(1),
});
const refundRequest = z.object({ orderId: z.string().min(1), amountCents: z.number().int().positive(), idempotencyKey: z.string().min(1) });
const rulesSchema = z.object({
  declineTokens: z.array(z.string()).default(['tok_decline']),
  /** Charges above this amount are declined; null for no limit. */
  declineOverCents: z.number().int().positive().nullable().default(null),
});

export interface PspLedger {
  charges: { orderId: string; amountCents: number; idempotencyKey: string }[];
  refunds: { orderId: string; amountCents: number }[];
}

export function createFakePsp(name = 'fake-psp'): JsonServer {
  let ledger: PspLedger = { charges: [], refunds: [] };
  let rules = rulesSchema.parse({});
  // Answers by idempotency key: a retried request gets the first answer and moves no money again.
  let answered = new Map<string, JsonResponse>();

  const once = (key: string, answer: () => JsonResponse): JsonResponse => {
    const previous = answered.get(key);
    if (previous) return previous;
    const fresh = answer();
    answered.set(key, fresh);
    return fresh;
  };

  return new JsonServer(name, () => {
    ledger = { charges: [], refunds: [] };
    rules = rulesSchema.parse({});
    answered = new Map();
  })
    .route('POST', '/charges', ({ body }) => {
      const charge = parseBody(chargeRequest, body);
      return once(`charge:${charge.idempotencyKey}`, () => {
        if (rules.declineTokens.includes(charge.token)) return { status: 402, body: { status: 'declined', reason: 'card declined' } };
        if (rules.declineOverCents !== null && charge.amountCents > rules.declineOverCents) {
          return { status: 402, body: { status: 'declined', reason: `amount over the limit of ${rules.declineOverCents} cents` } };
        }
        ledger.charges.push({ orderId: charge.orderId, amountCents: charge.amountCents, idempotencyKey: charge.idempotencyKey });
        return { status: 201, body: { status: 'charged', chargeId: `ch_${randomUUID()}`, provider: name } };
      });
    })
    .route('POST', '/refunds', ({ body }) => {
      const refund = parseBody(refundRequest, body);
      return once(`refund:${refund.idempotencyKey}`, () => {
        ledger.refunds.push({ orderId: refund.orderId, amountCents: refund.amountCents });
        return { status: 201, body: { status: 'refunded', refundId: `re_${randomUUID()}`, provider: name } };
      });
    })
    .route('GET', '/ledger', () => ({ status: 200, body: ledger }), true) // for tests: never faulty
    .route('GET', '/admin/rules', () => ({ status: 200, body: rules }))
    .route('PUT', '/admin/rules', ({ body }) => ({ status: 200, body: (rules = parseBody(rulesSchema, body)) }));
}
