// The topics payment reads and writes; the contract's names by default, unique names in tests.
import { Topics } from '@eventshop/contracts';
import type { ParticipantTopics } from '@eventshop/service-runtime';

export type PaymentTopics = ParticipantTopics;

export const defaultPaymentTopics: PaymentTopics = { commands: Topics.paymentCommands, replies: Topics.sagaReplies, events: Topics.paymentEvents };
