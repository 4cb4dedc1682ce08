import { Commands } from '@eventshop/contracts';
import type { InboundMessage } from '@eventshop/messaging';
import { commandConsumer, handling } from './command-consumer';

const commandOf = (type: string, data: unknown) => ({ type, data, topic: 'payment.commands' }) as InboundMessage;

describe('commandConsumer', () => {
  const charge = commandOf('ProcessPayment', { orderId: 'o-1', customerId: 'c-1', amountCents: 500, paymentToken: 'tok' });
  const refund = commandOf('RefundPayment', { orderId: 'o-1', reason: 'carrier refused' });

  it('prepares only the commands whose use case does something first', async () => {
    const spec = commandConsumer('payment.commands', [
      handling(
        Commands.ProcessPayment,
        async () => undefined,
        async (data) => `charged ${data.amountCents}`,
      ),
      handling(Commands.RefundPayment, async () => undefined),
    ]);
    if (!('handle' in spec) || !spec.prepare || !spec.prepares) throw new Error('a consumer with a use case that prepares prepares');
    expect(spec.prepares(charge)).toBe(true);
    expect(spec.prepares(refund)).toBe(false); // no empty "prepare" span, no turn taken from the charges
    await expect(spec.prepare(charge)).resolves.toBe('charged 500');
  });

  it('prepares nothing when no use case does anything first', () => {
    const spec = commandConsumer('payment.commands', [handling(Commands.RefundPayment, async () => undefined)]);
    expect('prepare' in spec).toBe(false);
  });

  it('hands the use case what its command was prepared with', async () => {
    const handled: unknown[] = [];
    const spec = commandConsumer('payment.commands', [
      handling(
        Commands.ProcessPayment,
        async (_tx, data, _route, prepared) => void handled.push([data.orderId, prepared]),
        async () => 'answer',
      ),
    ]);
    if (!('handle' in spec)) throw new Error('a command consumer handles one message at a time');
    await spec.handle({ ...charge, correlationId: 'o-1', messageId: 'm-1', headers: {} } as unknown as InboundMessage, {} as never, 'answer');
    expect(handled).toEqual([['o-1', 'answer']]);
  });
});
