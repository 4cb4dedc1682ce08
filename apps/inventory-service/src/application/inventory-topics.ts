// The topics inventory reads and writes; the contract's names by default, unique names in tests.
import { Topics } from '@eventshop/contracts';

export interface InventoryTopics {
  commands: string;
  replies: string;
  events: string;
}

export const defaultInventoryTopics: InventoryTopics = {
  commands: Topics.inventoryCommands,
  replies: Topics.sagaReplies,
  events: Topics.inventoryEvents,
};
