import { envelopeSchema, newEnvelope } from './envelope';

describe('newEnvelope', () => {
  it('links a message to the one that caused it and carries its trace', () => {
    const cause = newEnvelope({ type: 'ReserveStock', data: {}, correlationId: 'o-1' });
    const withTrace = { ...cause, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const reply = newEnvelope({ type: 'StockReserved', data: {}, correlationId: 'o-1', causedBy: withTrace });
    expect(reply.causationId).toBe(cause.messageId);
    expect(reply.traceparent).toBe(withTrace.traceparent);
    expect(reply.messageId).not.toBe(cause.messageId);
    expect(envelopeSchema.parse(reply)).toBeTruthy();
  });
});
