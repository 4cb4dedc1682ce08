// The topics shipping reads and writes; the contract's names by default, unique names in tests.
import { Topics } from '@eventshop/contracts';
import type { ParticipantTopics } from '@eventshop/service-runtime';

export type ShippingTopics = ParticipantTopics;

export const defaultShippingTopics: ShippingTopics = { commands: Topics.shippingCommands, replies: Topics.sagaReplies, events: Topics.shippingEvents };
