// payment.commands -> the use cases: each saga command, validated by its contract, becomes a call in
// the inbox transaction (the effect and the inbox record commit together).
import { Commands, MessageCatalog, type DataOf } from '@eventshop/contracts';
import { replyRouteOf } from '@eventshop/messaging';
import type { ConsumerSpec } from '@eventshop/service-runtime';
import type { PaymentContext } from '../../application/payment-context';
import { processPayment } from '../../application/process-payment';
import { refundPayment } from '../../application/refund-payment';

export function paymentCommandsConsumer(ctx: PaymentContext): ConsumerSpec {
  return {
    name: 'commands',
    topics: [ctx.topics.commands],
    contracts: new MessageCatalog().add(ctx.topics.commands, Commands.ProcessPayment, Commands.RefundPayment),
    handle: async (message, tx) => {
      const route = replyRouteOf(message);
      switch (message.type) {
        case Commands.ProcessPayment.type:
          return processPayment(ctx, tx, message.data as DataOf<typeof Commands.ProcessPayment>, route);
        case Commands.RefundPayment.type:
          return refundPayment(ctx, tx, message.data as DataOf<typeof Commands.RefundPayment>, route);
        default:
          throw new Error(`payment has no handler for ${message.type}`); // the catalogue lets only the above through
      }
    },
  };
}
