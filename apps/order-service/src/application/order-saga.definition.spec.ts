// The order saga as a specification: given what happened so far, when a reply, a deadline, a cancel or
// a resume comes in, then these saga events and these commands. Pure: no PostgreSQL, no Kafka. Read it
// as the saga's documentation — every path an order can take is one `it` below.
import { Replies } from '@eventshop/contracts';
import type { SagaEvent, SagaInput } from '@eventshop/saga';
import { sagaSpec } from '@eventshop/saga/testing';
import { orderSagaDefinition, type OrderSagaContext } from './order-saga.definition';

const topics = { inventory: 'inventory.commands', payment: 'payment.commands', shipping: 'shipping.commands' };
const timings = { stepDeadlineMs: 30_000, stepAttempts: 3, compensationAttempts: 10 };
const spec = sagaSpec(orderSagaDefinition(topics, timings));

// The order: two mugs at 1250 cents, paid with tok_ok, shipped to Berlin.
const orderId = 'o-1';
const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const context: OrderSagaContext = { orderId, customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], paymentToken: 'tok_ok', shippingAddress: address };
const pricedLines = [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }];
const reason = 'the order saga is compensating';

// Saga events, as the engine records them.
type Event = SagaEvent<OrderSagaContext>;
const stepStarted = (step: string, attempt = 1): Event => ({ type: 'StepStarted', data: { step, attempt } });
const stepSucceeded = (step: string, contextPatch: Partial<OrderSagaContext> = {}): Event => ({ type: 'StepSucceeded', data: { step, contextPatch } });
const stepFailed = (step: string, why: string, outcomeUnknown = false): Event => ({ type: 'StepFailed', data: { step, reason: why, outcomeUnknown } });
const compensationStarted = (step: string, attempt = 1): Event => ({ type: 'CompensationStarted', data: { step, attempt } });
const stepCompensated = (step: string): Event => ({ type: 'StepCompensated', data: { step } });

// The histories an order goes through on the happy path.
const started: Event[] = [{ type: 'SagaStarted', data: { sagaId: orderId, context } }, stepStarted('reserveStock')];
const reserved: Event[] = [...started, stepSucceeded('reserveStock', { pricedLines, totalCents: 2500 }), stepStarted('processPayment')];
const paid: Event[] = [...reserved, stepSucceeded('processPayment'), stepStarted('requestShipping')];
const shipped: Event[] = [...paid, stepSucceeded('requestShipping'), stepStarted('commitStock')];
const completed: Event[] = [...shipped, stepSucceeded('commitStock'), { type: 'SagaCompleted', data: {} }];

// Inputs.
const reply = (replyType: string, data: object = {}): SagaInput<OrderSagaContext> => ({ type: 'Reply', replyType, data: { orderId, ...data } });
const deadline = (step: string, attempt: number, phase: 'forward' | 'compensation' = 'forward'): SagaInput<OrderSagaContext> => ({
  type: 'DeadlinePassed',
  phase,
  step,
  attempt,
});
const cancel: SagaInput<OrderSagaContext> = { type: 'Cancel', reason: 'cancelled by the customer' };

// Commands the saga sends.
const reserveStock = { topic: topics.inventory, type: 'ReserveStock', data: { orderId, lines: context.lines } };
const releaseStock = { topic: topics.inventory, type: 'ReleaseStock', data: { orderId, reason } };
const processPayment = { topic: topics.payment, type: 'ProcessPayment', data: { orderId, customerId: 'c-1', amountCents: 2500, paymentToken: 'tok_ok' } };
const refundPayment = { topic: topics.payment, type: 'RefundPayment', data: { orderId, reason } };
const requestShipping = { topic: topics.shipping, type: 'RequestShipping', data: { orderId, address, lines: pricedLines } };
const cancelShipment = { topic: topics.shipping, type: 'CancelShipment', data: { orderId, reason } };
const commitStock = { topic: topics.inventory, type: 'CommitStock', data: { orderId } };

describe('the order saga', () => {
  describe('when an order is placed', () => {
    it('starts by reserving the stock of its lines, with a deadline for the answer', () =>
      spec
        .given([])
        .when({ type: 'Start', sagaId: orderId, context })
        .then({
          events: started,
          commands: [reserveStock],
          deadlines: [{ phase: 'forward', step: 'reserveStock', attempt: 1, dueInMs: 30_000 }],
        }));
  });

  describe('while reserving stock', () => {
    it('takes the prices from the reservation and asks for the payment of the total', () =>
      spec
        .given(started)
        .when(reply(Replies.StockReserved.type, { lines: pricedLines, totalCents: 2500 }))
        .then({ events: [stepSucceeded('reserveStock', { pricedLines, totalCents: 2500 }), stepStarted('processPayment')], commands: [processPayment] }));

    it('ends compensated, with nothing to undo, when the stock is refused', () =>
      spec
        .given(started)
        .when(reply(Replies.StockReservationFailed.type, { reason: 'only 1 of MUG available, 2 wanted' }))
        .then({
          events: [
            stepFailed('reserveStock', 'only 1 of MUG available, 2 wanted'),
            { type: 'SagaCompensated', data: { reason: 'only 1 of MUG available, 2 wanted' } },
          ],
          commands: [],
        }));

    it('asks again when the answer is late (participants are idempotent)', () =>
      spec
        .given(started)
        .when(deadline('reserveStock', 1))
        .then({ events: [stepStarted('reserveStock', 2)], commands: [reserveStock] }));

    it('releases the stock after the last attempt went unanswered: the reservation may exist', () =>
      spec
        .given([...started, stepStarted('reserveStock', 2), stepStarted('reserveStock', 3)])
        .when(deadline('reserveStock', 3))
        .then({
          events: [stepFailed('reserveStock', 'no answer to reserveStock after 3 attempt(s)', true), compensationStarted('reserveStock')],
          commands: [releaseStock],
        }));

    it("releases the stock on the customer's cancel", () =>
      spec
        .given(started)
        .when(cancel)
        .then({ events: [stepFailed('reserveStock', 'cancelled by the customer', true), compensationStarted('reserveStock')], commands: [releaseStock] }));

    it("ignores a deadline of an attempt that was answered, and a reply to another step's command", () => {
      spec.given(reserved).when(deadline('reserveStock', 1)).thenNothingHappened();
      spec
        .given(started)
        .when(reply(Replies.PaymentProcessed.type, { amountCents: 2500, providerReference: 'ch_1' }))
        .thenNothingHappened();
    });
  });

  describe('while processing the payment', () => {
    it('asks for shipping to the address, with the priced lines, once paid', () =>
      spec
        .given(reserved)
        .when(reply(Replies.PaymentProcessed.type, { amountCents: 2500, providerReference: 'ch_1' }))
        .then({ events: [stepSucceeded('processPayment'), stepStarted('requestShipping')], commands: [requestShipping] }));

    it('releases the stock, and refunds nothing, when the payment is declined', () =>
      spec
        .given(reserved)
        .when(reply(Replies.PaymentFailed.type, { reason: 'declined: card declined' }))
        .then({ events: [stepFailed('processPayment', 'declined: card declined'), compensationStarted('reserveStock')], commands: [releaseStock] }));

    it('refunds first, then releases, when the payment stays unanswered (it may have been taken)', () =>
      spec
        .given([...reserved, stepStarted('processPayment', 2), stepStarted('processPayment', 3)])
        .when(deadline('processPayment', 3))
        .then({
          events: [stepFailed('processPayment', 'no answer to processPayment after 3 attempt(s)', true), compensationStarted('processPayment')],
          commands: [refundPayment],
        }));

    it("refunds on the customer's cancel: the charge may be in flight", () =>
      spec
        .given(reserved)
        .when(cancel)
        .then({ events: [stepFailed('processPayment', 'cancelled by the customer', true), compensationStarted('processPayment')], commands: [refundPayment] }));
  });

  describe('while requesting shipping', () => {
    it('commits the stock once the shipment is booked', () =>
      spec
        .given(paid)
        .when(reply(Replies.ShippingRequested.type, { trackingId: 'trk_1' }))
        .then({ events: [stepSucceeded('requestShipping'), stepStarted('commitStock')], commands: [commitStock] }));

    it('refunds the payment when the carrier refuses (then releases the stock)', () =>
      spec
        .given(paid)
        .when(reply(Replies.ShippingFailed.type, { reason: 'the carrier does not ship to AQ' }))
        .then({
          events: [stepFailed('requestShipping', 'the carrier does not ship to AQ'), compensationStarted('processPayment')],
          commands: [refundPayment],
        }));

    it('cancels the shipment first when shipping stays unanswered (a booking may exist)', () =>
      spec
        .given([...paid, stepStarted('requestShipping', 2), stepStarted('requestShipping', 3)])
        .when(deadline('requestShipping', 3))
        .then({
          events: [stepFailed('requestShipping', 'no answer to requestShipping after 3 attempt(s)', true), compensationStarted('requestShipping')],
          commands: [cancelShipment],
        }));

    it("refuses the customer's cancel: the parcel may be on its way", () =>
      spec
        .given(paid)
        .when(cancel)
        .thenRefused(/at requestShipping/));
  });

  describe('while committing the stock', () => {
    it('completes the order', () =>
      spec
        .given(shipped)
        .when(reply(Replies.StockCommitted.type))
        .then({ events: [stepSucceeded('commitStock'), { type: 'SagaCompleted', data: {} }], commands: [] }));

    it('keeps asking, never undoing: the order is paid and shipped', () =>
      spec
        .given([...shipped, stepStarted('commitStock', 2), stepStarted('commitStock', 3)])
        .when(deadline('commitStock', 3))
        .then({ events: [stepStarted('commitStock', 4)], commands: [commitStock] }));

    it("refuses the customer's cancel", () =>
      spec
        .given(shipped)
        .when(cancel)
        .thenRefused(/at commitStock/));
  });

  describe('while compensating', () => {
    const refunding: Event[] = [...paid, stepFailed('requestShipping', 'the carrier does not ship to AQ'), compensationStarted('processPayment')];
    const releasing: Event[] = [...refunding, stepCompensated('processPayment'), compensationStarted('reserveStock')];

    it('undoes the steps in reverse: the refund is followed by the release', () =>
      spec
        .given(refunding)
        .when(reply(Replies.PaymentRefunded.type, { amountCents: 2500 }))
        .then({ events: [stepCompensated('processPayment'), compensationStarted('reserveStock')], commands: [releaseStock] }));

    it('ends compensated, with the reason of the first failure, once everything is undone', () =>
      spec
        .given(releasing)
        .when(reply(Replies.StockReleased.type))
        .then({ events: [stepCompensated('reserveStock'), { type: 'SagaCompensated', data: { reason: 'the carrier does not ship to AQ' } }], commands: [] }));

    it('asks again for an undo that stays unanswered', () =>
      spec
        .given(refunding)
        .when(deadline('processPayment', 1, 'compensation'))
        .then({ events: [compensationStarted('processPayment', 2)], commands: [refundPayment] }));

    it('parks the saga when an undo keeps going unanswered, for a person to look at', () => {
      const tenAttempts = [...refunding, ...Array.from({ length: 9 }, (_, i) => compensationStarted('processPayment', i + 2))];
      spec
        .given(tenAttempts)
        .when(deadline('processPayment', 10, 'compensation'))
        .then({
          events: [{ type: 'SagaParked', data: { step: 'processPayment', reason: 'compensating processPayment got no answer after 10 attempt(s)' } }],
          commands: [],
        });
    });

    it('parks the saga when the carrier refuses to cancel a shipment already handed over', () =>
      spec
        .given([...paid, stepFailed('requestShipping', 'no answer', true), compensationStarted('requestShipping')])
        .when(reply(Replies.ShipmentCancellationRefused.type, { reason: 'handed over to the carrier' }))
        .then({
          events: [{ type: 'SagaParked', data: { step: 'requestShipping', reason: 'requestShipping cannot be undone: handed over to the carrier' } }],
          commands: [],
        }));

    it("refuses the customer's cancel: the order is being undone already", () =>
      spec
        .given(refunding)
        .when(cancel)
        .thenRefused(/compensating/));
  });

  describe('when parked', () => {
    const parked: Event[] = [
      ...paid,
      stepFailed('requestShipping', 'the carrier does not ship to AQ'),
      compensationStarted('processPayment'),
      { type: 'SagaParked', data: { step: 'processPayment', reason: 'compensating processPayment got no answer after 10 attempt(s)' } },
    ];

    it("retries the undo from its first attempt on an admin's resume", () =>
      spec
        .given(parked)
        .when({ type: 'Resume' })
        .then({ events: [{ type: 'SagaResumed', data: {} }, compensationStarted('processPayment')], commands: [refundPayment] }));

    it('does nothing on a resume while not parked', () => spec.given(paid).when({ type: 'Resume' }).thenNothingHappened());
  });

  describe('when completed', () => {
    it('ignores a late or repeated reply', () => spec.given(completed).when(reply(Replies.StockCommitted.type)).thenNothingHappened());

    it("refuses the customer's cancel", () =>
      spec
        .given(completed)
        .when(cancel)
        .thenRefused(/completed/));
  });
});
