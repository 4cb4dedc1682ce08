// What the order tells the world on order.events: its public facts, from the events a decision
// recorded — the order's own (placed, priced, completed, compensated, compensation failed) and every
// step its saga records, so that a read model can build the order's whole timeline from facts alone.
import { envelopeOf, Facts, type EnvelopeOptions } from '@eventshop/contracts';
import { envelopeOptionsFor, type OutboxMessage, type ReplyRoute } from '@eventshop/messaging';
import type { SagaEvent, SagaOutcome } from '@eventshop/saga';
import type { OrderEvent, OrderState } from '../domain/order';
import type { OrderSagaContext } from './order-saga.definition';

/** A fact about an order: correlated by it, and caused by the message that made it (whose trace it continues), if one did. */
const factOptions = (orderId: string, causedBy?: ReplyRoute): EnvelopeOptions => (causedBy ? envelopeOptionsFor(causedBy) : { correlationId: orderId });

/** The facts of events an order command decided; with the message that caused it, they continue its trace. */
export function orderFacts(events: OrderEvent[], state: OrderState, topic: string, causedBy?: ReplyRoute): OutboxMessage[] {
  return events.map((event): OutboxMessage => {
    const options = factOptions(event.data.orderId, causedBy);
    const fact = (envelope: OutboxMessage['envelope']): OutboxMessage => ({ topic, key: event.data.orderId, envelope });
    switch (event.type) {
      case 'OrderPlaced':
        return fact(envelopeOf(Facts.OrderPlaced, event.data, options));
      case 'OrderPriced':
        return fact(envelopeOf(Facts.OrderPriced, event.data, options));
      case 'OrderCompleted':
        return fact(envelopeOf(Facts.OrderCompleted, { orderId: event.data.orderId, totalCents: state.totalCents ?? 0 }, options));
      case 'OrderCompensated':
        return fact(envelopeOf(Facts.OrderCompensated, event.data, options));
      case 'OrderCompensationFailed':
        return fact(envelopeOf(Facts.OrderCompensationFailed, event.data, options));
    }
  });
}

/**
 * One OrderSagaProgressed for what an input decided (a transition), its saga events numbered by their
 * place in the saga's stream; none when it decided nothing.
 */
export function sagaProgressFacts(orderId: string, outcome: SagaOutcome<OrderSagaContext>, topic: string, causedBy?: ReplyRoute): OutboxMessage[] {
  if (outcome.events.length === 0) return [];
  const first = outcome.version - outcome.events.length + 1;
  const progress = outcome.events.map((event, i) => ({ sequence: first + i, ...progressOf(event) }));
  return [{ topic, key: orderId, envelope: envelopeOf(Facts.OrderSagaProgressed, { orderId, progress }, factOptions(orderId, causedBy)) }];
}

function progressOf(event: SagaEvent<OrderSagaContext>) {
  switch (event.type) {
    case 'SagaStarted':
    case 'SagaCompleted':
    case 'SagaResumed':
      return { kind: event.type };
    case 'StepStarted':
    case 'CompensationStarted':
      return { kind: event.type, step: event.data.step, attempt: event.data.attempt };
    case 'StepSucceeded':
    case 'StepCompensated':
      return { kind: event.type, step: event.data.step };
    case 'StepFailed':
      return { kind: event.type, step: event.data.step, reason: event.data.reason, outcomeUnknown: event.data.outcomeUnknown };
    case 'SagaCompensated':
      return { kind: event.type, reason: event.data.reason };
    case 'SagaParked':
      return { kind: event.type, step: event.data.step, reason: event.data.reason };
  }
}
