// One order as the dashboard shows it, from the timeline entries the read side sends: the state of each
// saga step (reserve → pay → ship → commit), the entries in the order they happened, and the tone each
// entry is drawn in — compensations stand out from the way forward.

export const SAGA_STEPS = [
  { step: 'reserveStock', label: 'Reserve stock' },
  { step: 'processPayment', label: 'Take payment' },
  { step: 'requestShipping', label: 'Book shipment' },
  { step: 'commitStock', label: 'Commit stock' },
];

const STEP_STATE_BY_KIND = {
  StepStarted: 'started',
  StepSucceeded: 'succeeded',
  StepFailed: 'failed',
  CompensationStarted: 'compensating',
  StepCompensated: 'compensated',
};

const TONE_BY_KIND = {
  StepSucceeded: 'ok',
  OrderCompleted: 'ok',
  SagaCompleted: 'ok',
  PaymentCharged: 'ok',
  ShipmentBooked: 'ok',
  StepFailed: 'bad',
  PaymentDeclined: 'bad',
  ShipmentRefused: 'bad',
  SagaParked: 'bad',
  OrderCompensationFailed: 'bad',
  CompensationStarted: 'undo',
  StepCompensated: 'undo',
  SagaCompensated: 'undo',
  OrderCompensated: 'undo',
  PaymentRefundIssued: 'undo',
  ShipmentCancelledByOrder: 'undo',
};

export class SagaView {
  constructor(orderId) {
    this.orderId = orderId;
    this.entries = new Map();
    this.status = undefined;
  }

  /** Adds what a live change or a read brought; the same entry twice is kept once. */
  add({ status, entry }) {
    if (status) this.status = status;
    if (entry) this.entries.set(`${entry.source}|${entry.sequence}|${entry.position}|${entry.kind}|${entry.at}`, entry);
  }

  /** The entries by time; within the saga, by its own sequence. */
  timeline() {
    return [...this.entries.values()].sort(
      (a, b) => a.at.localeCompare(b.at) || (a.source === 'saga' && b.source === 'saga' ? a.sequence - b.sequence : a.position - b.position),
    );
  }

  /** Each step's latest state (waiting until the saga starts it) and the attempt it is on. */
  steps() {
    const states = new Map(SAGA_STEPS.map(({ step }) => [step, { state: 'waiting', attempt: 0 }]));
    for (const entry of this.timeline()) {
      const state = STEP_STATE_BY_KIND[entry.kind];
      if (entry.source !== 'saga' || !state || !states.has(entry.step)) continue;
      states.set(entry.step, { state, attempt: entry.attempt ?? states.get(entry.step).attempt, reason: entry.reason });
    }
    return SAGA_STEPS.map(({ step, label }) => ({ step, label, ...states.get(step) }));
  }

  static toneOf(entry) {
    return TONE_BY_KIND[entry.kind] ?? 'plain';
  }
}
