// The topics inventory reads and writes; the contract's names by default, unique names in tests.
import { Topics } from '@eventshop/contracts';
import type { ParticipantTopics } from '@eventshop/service-runtime';

export type InventoryTopics = ParticipantTopics;

export const defaultInventoryTopics: InventoryTopics = { commands: Topics.inventoryCommands, replies: Topics.sagaReplies, events: Topics.inventoryEvents };
