import { DomainError } from '@eventshop/event-store';
import { deciderSpec } from '@eventshop/testing';
import { defineSaga } from './saga-definition';
import { evolveSaga, initialSagaState, type SagaEvent } from './saga';
import { decideSaga, type SagaInput } from './saga.decide';
import { sagaEffects } from './saga-effects';
import { notifyStep, payStep, reserveStep, shipStep, timing, type CheckoutContext } from './test-support/checkout-steps';

type OrderContext = CheckoutContext;

// A small order saga: reserve -> notify (nothing to undo) -> pay -> ship (not cancellable), each undone in reverse.
const definition = defineSaga<OrderContext>('order')
  .step(reserveStep(timing(1_000, 2, 3)))
  .step(notifyStep(timing(1_000, 1, 1)))
  .step(payStep(timing(5_000, 2, 2)))
  .step(shipStep({ ...timing(1_000, 1, 2), cancellable: false }))
  .build();

const spec = deciderSpec<SagaInput<OrderContext>, SagaEvent<OrderContext>, ReturnType<typeof initialSagaState<OrderContext>>>({
  decide: (input, state) => decideSaga(definition, input, state),
  evolve: evolveSaga,
  initialState: initialSagaState,
});

const reply = (replyType: string, data: unknown = {}): SagaInput<OrderContext> => ({ type: 'Reply', replyType, data });
const started: SagaEvent<OrderContext>[] = [
  { type: 'SagaStarted', data: { sagaId: 'o-1', context: { orderId: 'o-1' } } },
  { type: 'StepStarted', data: { step: 'reserve', attempt: 1 } },
];
const reserved: SagaEvent<OrderContext>[] = [
  { type: 'StepSucceeded', data: { step: 'reserve', contextPatch: { totalCents: 2500 } } },
  { type: 'StepStarted', data: { step: 'notify', attempt: 1 } },
  { type: 'StepSucceeded', data: { step: 'notify', contextPatch: {} } },
  { type: 'StepStarted', data: { step: 'pay', attempt: 1 } },
];
const paid: SagaEvent<OrderContext>[] = [
  { type: 'StepSucceeded', data: { step: 'pay', contextPatch: {} } },
  { type: 'StepStarted', data: { step: 'ship', attempt: 1 } },
];

describe('saga engine decisions', () => {
  it('starts with the first step, once', () => {
    spec
      .given([])
      .when({ type: 'Start', sagaId: 'o-1', context: { orderId: 'o-1' } })
      .then(started);
    spec
      .given(started)
      .when({ type: 'Start', sagaId: 'o-1', context: { orderId: 'o-1' } })
      .thenNothingHappened();
  });

  it('runs the steps in order, taking what replies teach into the context, and completes', () => {
    spec
      .given(started)
      .when(reply('StockReserved', { totalCents: 2500 }))
      .then(reserved.slice(0, 2));
    spec
      .given([...started, ...reserved])
      .when(reply('PaymentProcessed'))
      .then(paid);
    spec
      .given([...started, ...reserved, ...paid])
      .when(reply('ShippingRequested'))
      .then([
        { type: 'StepSucceeded', data: { step: 'ship', contextPatch: {} } },
        { type: 'SagaCompleted', data: {} },
      ]);
  });

  it('ignores a reply that comes twice, late, or for a step it is not waiting on', () => {
    spec
      .given([...started, ...reserved])
      .when(reply('StockReserved', { totalCents: 1 }))
      .thenNothingHappened();
    spec
      .given([...started, ...reserved])
      .when(reply('ShippingRequested'))
      .thenNothingHappened();
    spec
      .given([...started, ...reserved, ...paid, { type: 'StepSucceeded', data: { step: 'ship', contextPatch: {} } }, { type: 'SagaCompleted', data: {} }])
      .when(reply('PaymentFailed'))
      .thenNothingHappened();
  });

  it('on a refusal, compensates the completed steps in reverse — not the refused one — and skips steps with nothing to undo', () => {
    spec
      .given([...started, ...reserved])
      .when(reply('PaymentFailed', { reason: 'declined: card declined' }))
      .then([
        { type: 'StepFailed', data: { step: 'pay', reason: 'declined: card declined', outcomeUnknown: false } },
        { type: 'StepCompensated', data: { step: 'notify' } },
        { type: 'CompensationStarted', data: { step: 'reserve', attempt: 1 } },
      ]);
  });

  it('compensates in reverse when the last step fails: refund, then release, then compensated with the reason', () => {
    const failedShipping: SagaEvent<OrderContext>[] = [
      { type: 'StepFailed', data: { step: 'ship', reason: 'we do not ship to AQ', outcomeUnknown: false } },
      { type: 'CompensationStarted', data: { step: 'pay', attempt: 1 } },
    ];
    const history = [...started, ...reserved, ...paid];
    spec
      .given(history)
      .when(reply('ShippingFailed', { reason: 'we do not ship to AQ' }))
      .then(failedShipping);
    spec
      .given([...history, ...failedShipping])
      .when(reply('PaymentRefunded'))
      .then([
        { type: 'StepCompensated', data: { step: 'pay' } },
        { type: 'StepCompensated', data: { step: 'notify' } },
        { type: 'CompensationStarted', data: { step: 'reserve', attempt: 1 } },
      ]);
    const refunded: SagaEvent<OrderContext>[] = [
      { type: 'StepCompensated', data: { step: 'pay' } },
      { type: 'StepCompensated', data: { step: 'notify' } },
      { type: 'CompensationStarted', data: { step: 'reserve', attempt: 1 } },
    ];
    spec
      .given([...history, ...failedShipping, ...refunded])
      .when(reply('StockReleased'))
      .then([
        { type: 'StepCompensated', data: { step: 'reserve' } },
        { type: 'SagaCompensated', data: { reason: 'we do not ship to AQ' } },
      ]);
  });

  it('retries a silent step, then fails it and compensates it too (its outcome is unknown)', () => {
    const history = [...started, ...reserved];
    spec
      .given(history)
      .when({ type: 'DeadlinePassed', phase: 'forward', step: 'pay', attempt: 1 })
      .then([{ type: 'StepStarted', data: { step: 'pay', attempt: 2 } }]);
    spec
      .given([...history, { type: 'StepStarted', data: { step: 'pay', attempt: 2 } }])
      .when({ type: 'DeadlinePassed', phase: 'forward', step: 'pay', attempt: 2 })
      .then([
        { type: 'StepFailed', data: { step: 'pay', reason: 'no answer to pay after 2 attempt(s)', outcomeUnknown: true } },
        { type: 'CompensationStarted', data: { step: 'pay', attempt: 1 } },
      ]);
  });

  it('ignores a deadline that was already answered', () => {
    spec
      .given([...started, ...reserved])
      .when({ type: 'DeadlinePassed', phase: 'forward', step: 'reserve', attempt: 1 })
      .thenNothingHappened();
    spec
      .given([...started, ...reserved, { type: 'StepStarted', data: { step: 'pay', attempt: 2 } }])
      .when({ type: 'DeadlinePassed', phase: 'forward', step: 'pay', attempt: 1 })
      .thenNothingHappened();
  });

  it('retries a compensation, then parks the saga as COMPENSATION_FAILED with the reason; an admin resumes it', () => {
    const compensatingReserve: SagaEvent<OrderContext>[] = [
      ...started,
      ...reserved,
      { type: 'StepFailed', data: { step: 'pay', reason: 'declined', outcomeUnknown: false } },
      { type: 'StepCompensated', data: { step: 'notify' } },
      { type: 'CompensationStarted', data: { step: 'reserve', attempt: 1 } },
    ];
    spec
      .given(compensatingReserve)
      .when({ type: 'DeadlinePassed', phase: 'compensation', step: 'reserve', attempt: 1 })
      .then([{ type: 'CompensationStarted', data: { step: 'reserve', attempt: 2 } }]);
    // The forward deadline of reserve's first attempt is not its compensation's deadline.
    spec.given(compensatingReserve).when({ type: 'DeadlinePassed', phase: 'forward', step: 'reserve', attempt: 1 }).thenNothingHappened();
    const exhausted: SagaEvent<OrderContext>[] = [
      ...compensatingReserve,
      { type: 'CompensationStarted', data: { step: 'reserve', attempt: 2 } },
      { type: 'CompensationStarted', data: { step: 'reserve', attempt: 3 } },
    ];
    spec
      .given(exhausted)
      .when({ type: 'DeadlinePassed', phase: 'compensation', step: 'reserve', attempt: 3 })
      .then([{ type: 'SagaParked', data: { step: 'reserve', reason: 'compensating reserve got no answer after 3 attempt(s)' } }]);
    const parked = [...exhausted, { type: 'SagaParked', data: { step: 'reserve', reason: 'x' } } as SagaEvent<OrderContext>];
    expect(parked.reduce(evolveSaga, initialSagaState<OrderContext>()).status).toBe('compensation-failed');
    spec
      .given(parked)
      .when({ type: 'Resume' })
      .then([
        { type: 'SagaResumed', data: {} },
        { type: 'CompensationStarted', data: { step: 'reserve', attempt: 1 } },
      ]);
    spec.given(compensatingReserve).when({ type: 'Resume' }).thenNothingHappened();
  });

  it('parks at once when a compensation is refused (a shipment already handed over)', () => {
    const cancelling: SagaEvent<OrderContext>[] = [...started, ...reserved, ...paid, { type: 'StepSucceeded', data: { step: 'ship', contextPatch: {} } }];
    // Shipping succeeded but a later cancel (by the customer) tries to undo it.
    const state = cancelling.reduce(evolveSaga, initialSagaState<OrderContext>());
    expect(state.toCompensate).toEqual(['reserve', 'notify', 'pay', 'ship']);
    const undoShip: SagaEvent<OrderContext>[] = [
      ...cancelling.slice(0, -1),
      { type: 'StepFailed', data: { step: 'ship', reason: 'customer cancelled', outcomeUnknown: true } },
      { type: 'CompensationStarted', data: { step: 'ship', attempt: 1 } },
    ];
    spec
      .given(undoShip)
      .when(reply('ShipmentCancellationRefused', { reason: 'the shipment was already handed over' }))
      .then([{ type: 'SagaParked', data: { step: 'ship', reason: 'ship cannot be undone: the shipment was already handed over' } }]);
  });

  it('cancels a running saga by compensating the step in flight and those before it', () => {
    spec
      .given([...started, ...reserved])
      .when({ type: 'Cancel', reason: 'customer cancelled' })
      .then([
        { type: 'StepFailed', data: { step: 'pay', reason: 'customer cancelled', outcomeUnknown: true } },
        { type: 'CompensationStarted', data: { step: 'pay', attempt: 1 } },
      ]);
  });

  it('refuses a cancel during a step marked not cancellable, with the step in the reason', () => {
    const shipping: SagaEvent<OrderContext>[] = [...started, ...reserved, ...paid];
    expect(shipping.reduce(evolveSaga, initialSagaState<OrderContext>()).step).toBe('ship');
    spec
      .given(shipping)
      .when({ type: 'Cancel', reason: 'customer cancelled' })
      .thenThrows(DomainError, (e) => e.code === 'conflict' && e.message.includes('at ship'));
  });

  it('refuses a cancel once the saga has ended or is compensating', () => {
    const compensating: SagaEvent<OrderContext>[] = [
      ...started,
      { type: 'StepFailed', data: { step: 'reserve', reason: 'out of stock', outcomeUnknown: false } },
    ];
    spec
      .given(compensating)
      .when({ type: 'Cancel', reason: 'customer cancelled' })
      .thenThrows(DomainError, (e) => e.code === 'conflict' && e.message.includes('compensating'));
    spec
      .given([])
      .when({ type: 'Cancel', reason: 'customer cancelled' })
      .thenThrows(DomainError, (e) => e.code === 'conflict');
  });
});

describe('sagaEffects', () => {
  it("sends each started step's command with the context known by then, and sets its deadline", () => {
    const before = [...started].reduce(evolveSaga, initialSagaState<OrderContext>());
    const effects = sagaEffects(definition, before, reserved);
    expect(effects.commands).toEqual([
      { topic: 'mail.commands', type: 'SendMail', data: { orderId: 'o-1' } },
      { topic: 'payment.commands', type: 'ProcessPayment', data: { orderId: 'o-1', amountCents: 2500 } },
    ]);
    expect(effects.deadlines).toEqual([
      { phase: 'forward', step: 'notify', attempt: 1, dueInMs: 1_000 },
      { phase: 'forward', step: 'pay', attempt: 1, dueInMs: 5_000 },
    ]);
  });

  it('sends compensations', () => {
    const before = [...started, ...reserved].reduce(evolveSaga, initialSagaState<OrderContext>());
    const effects = sagaEffects(definition, before, [
      { type: 'StepFailed', data: { step: 'pay', reason: 'x', outcomeUnknown: true } },
      { type: 'CompensationStarted', data: { step: 'pay', attempt: 1 } },
    ]);
    expect(effects.commands).toEqual([{ topic: 'payment.commands', type: 'RefundPayment', data: { orderId: 'o-1' } }]);
    expect(effects.deadlines).toEqual([{ phase: 'compensation', step: 'pay', attempt: 1, dueInMs: 5_000 }]);
  });
});

describe('defineSaga', () => {
  it('refuses a compensation without replies to recognise it, and a duplicate step', () => {
    const step = {
      name: 'a',
      invoke: () => ({ topic: 't', type: 'A', data: {} }),
      succeededOn: ['Done'],
      failedOn: [],
      deadlineMs: 1,
      retry: { maxAttempts: 1 },
      compensationRetry: { maxAttempts: 1 },
    };
    expect(() => defineSaga('x').step({ ...step, compensate: () => ({ topic: 't', type: 'Undo', data: {} }) })).toThrow(/needs compensatedOn/);
    expect(() => defineSaga('x').step(step).step(step)).toThrow(/already has a step a/);
    expect(() => defineSaga('x').build()).toThrow(/no steps/);
  });
});
