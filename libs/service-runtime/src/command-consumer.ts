// A consumer of saga commands, the same way in every participant: each message type is paired with
// the use case that carries it out; the message, validated by its contract, becomes a call in the
// inbox transaction with the route its reply must take. A use case that calls out may first try the
// call before that transaction (`prepare`) and record the answer in it. Adapters say which command
// goes where, nothing more.
import { MessageCatalog, type DataOf, type MessageDefinition } from '@eventshop/contracts';
import type { Transaction } from '@eventshop/event-store';
import { replyRouteOf, type InboundMessage, type ReplyRoute } from '@eventshop/messaging';
import type { ConsumerSpec } from './service-infrastructure';

export interface CommandHandling<D extends MessageDefinition = MessageDefinition, P = unknown> {
  definition: D;
  /** Before the transaction, outside any (InboxConsumer's `prepare`): what `handle` is given as `prepared`. */
  prepare?(data: DataOf<D>): Promise<P>;
  handle(tx: Transaction, data: DataOf<D>, route: ReplyRoute, prepared?: P): Promise<void>;
}

/** Pairs a command's contract with the use case that carries it out (and, if it has one, what it does first outside the transaction). */
export function handling<D extends MessageDefinition, P = unknown>(
  definition: D,
  handle: CommandHandling<D, P>['handle'],
  prepare?: CommandHandling<D, P>['prepare'],
): CommandHandling<D> {
  return { definition, handle, prepare };
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
    // Only the commands whose use case prepares are prepared (a span and a turn otherwise for nothing).
    ...(handlings.some((h) => h.prepare)
      ? {
          prepare: async (message: InboundMessage) => byType.get(message.type)?.prepare?.(message.data),
          prepares: (message: InboundMessage) => byType.get(message.type)?.prepare !== undefined,
        }
      : {}),
    handle: (message, tx, prepared) => {
      const handled = byType.get(message.type);
      // The catalogue lets only the paired types through; anything else is a bug, not a bad message.
      if (!handled) throw new Error(`no use case for ${message.type} on ${topic}`);
      return handled.handle(tx, message.data, replyRouteOf(message), prepared);
    },
    retry: options.retry,
    maxBatchSize: options.maxBatchSize,
  };
}
