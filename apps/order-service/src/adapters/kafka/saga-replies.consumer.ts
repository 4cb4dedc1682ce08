// order.saga-replies -> the order saga: every participant's reply, validated by its contract, is fed
// to the saga of its order (the correlation id) in the inbox transaction.
import { MessageCatalog, Replies } from '@eventshop/contracts';
import type { ConsumerSpec } from '@eventshop/service-runtime';
import type { OrderContext } from '../../application/order-context';
import { sagaRepliesHandler } from '../../application/order-saga-process';

export function sagaRepliesConsumer(ctx: OrderContext, repliesTopic: string): ConsumerSpec {
  return {
    name: 'saga-replies',
    topics: [repliesTopic],
    contracts: new MessageCatalog().add(repliesTopic, ...Replies.sagaReplies),
    handle: sagaRepliesHandler(ctx),
  };
}
