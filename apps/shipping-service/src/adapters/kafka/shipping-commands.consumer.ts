// shipping.commands -> the use cases: each saga command, validated by its contract, becomes a call in
// the inbox transaction (the effect and the inbox record commit together).
import { Commands, MessageCatalog, type DataOf } from '@eventshop/contracts';
import { replyRouteOf } from '@eventshop/messaging';
import type { ConsumerSpec } from '@eventshop/service-runtime';
import { cancelShipment } from '../../application/cancel-shipment';
import { requestShipping } from '../../application/request-shipping';
import type { ShippingContext } from '../../application/shipping-context';

export function shippingCommandsConsumer(ctx: ShippingContext): ConsumerSpec {
  return {
    name: 'commands',
    topics: [ctx.topics.commands],
    contracts: new MessageCatalog().add(ctx.topics.commands, Commands.RequestShipping, Commands.CancelShipment),
    handle: async (message, tx) => {
      const route = replyRouteOf(message);
      switch (message.type) {
        case Commands.RequestShipping.type:
          return requestShipping(ctx, tx, message.data as DataOf<typeof Commands.RequestShipping>, route);
        case Commands.CancelShipment.type:
          return cancelShipment(ctx, tx, message.data as DataOf<typeof Commands.CancelShipment>, route);
        default:
          throw new Error(`shipping has no handler for ${message.type}`); // the catalogue lets only the above through
      }
    },
  };
}
