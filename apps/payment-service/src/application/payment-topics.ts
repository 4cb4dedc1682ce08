// The topics payment reads and writes; the contract's names by default, unique names in tests.
import { Topics } from '@eventshop/contracts';

export interface PaymentTopics {
  commands: string;
  replies: string;
  events: string;
}

export const defaultPaymentTopics: PaymentTopics = { commands: Topics.paymentCommands, replies: Topics.sagaReplies, events: Topics.paymentEvents };
