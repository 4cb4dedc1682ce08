// A consumer of saga commands, the same way in every participant: each message type is paired with
// the use case that carries it out; the message, validated by its contract, becomes a call in the
// inbox transaction with the route its reply must take. Adapters say which command goes where, nothing more.
import { MessageCatalog, type DataOf, type MessageDefinition } from '@eventshop/contracts';
import type { Transaction } from '@eventshop/event-store';
import { replyRouteOf, type ReplyRoute } from '@eventshop/messaging';
import type { ConsumerSpec } from './service-infrastructure';

export interface CommandHandling<D extends MessageDefinition = MessageDefinition> {
  definition: D;
  handle(tx: Transaction, data: DataOf<D>, route: ReplyRoute): Promise<void>;
}

/** Pairs a command's contract with the use case that carries it out. */
export function handling<D extends MessageDefinition>(definition: D, handle: CommandHandling<D>['handle']): CommandHandling<D> {
  return { definition, handle };
}

export function commandConsumer(
  topic: string,
  handlings: CommandHandling[],
  options: Pick<ConsumerSpec, 'maxBatchSize' | 'retry'> & { name?: string } = {},
): ConsumerSpec {
  const byType = new Map(handlings.map((h) => [h.definition.type, h]));
  return {
    name: options.name ?? 'commands',
    topics: [topic],
    contracts: new MessageCatalog().add(topic, ...handlings.map((h) => h.definition)),
    handle: (message, tx) => {
      const handled = byType.get(message.type);
      // The catalogue lets only the paired types through; anything else is a bug, not a bad message.
      if (!handled) throw new Error(`no use case for ${message.type} on ${topic}`);
      return handled.handle(tx, message.data, replyRouteOf(message));
    },
    retry: options.retry,
    maxBatchSize: options.maxBatchSize,
  };
}
