import { ContractViolation, newEnvelope } from '@eventshop/contracts';
import { envelopeFromKafka, headersOf } from './envelope-headers';

describe('envelope <-> Kafka headers', () => {
  const envelope = newEnvelope({ type: 'ReserveStock', schemaVersion: 2, data: { orderId: 'o-1' }, correlationId: 'o-1' });
  const asKafka = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));

  it('round-trips every envelope field', () => {
    const back = envelopeFromKafka(asKafka(headersOf(envelope)), Buffer.from(JSON.stringify(envelope.data)));
    expect(back).toEqual({ ...envelope, causationId: undefined, traceparent: undefined });
  });

  it('names the missing header', () => {
    const { 'correlation-id': _dropped, ...rest } = headersOf(envelope);
    expect(() => envelopeFromKafka(asKafka(rest), Buffer.from('{}'))).toThrow(/correlation-id/);
  });

  it('refuses a value that is not JSON, or no value', () => {
    expect(() => envelopeFromKafka(asKafka(headersOf(envelope)), Buffer.from('nope'))).toThrow(ContractViolation);
    expect(() => envelopeFromKafka(asKafka(headersOf(envelope)), null)).toThrow(/no value/);
  });
});
