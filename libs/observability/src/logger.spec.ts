import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createLogger } from './logger';
import { withLogContext } from './log-context';

describe('createLogger', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('test', 'info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  beforeEach(() => lines.splice(0));

  it('puts the correlation and message ids of the work running on every line, and nothing outside it', async () => {
    await withLogContext({ correlationId: 'order-1', messageId: 'm-1' }, async () => {
      logger.info({ step: 'reserve' }, 'handling');
      await new Promise((r) => setTimeout(r, 1));
      withLogContext({ workItem: 'payment.charges/order-1' }, () => logger.warn({}, 'nested'));
    });
    logger.info({}, 'outside');
    expect(lines.map((l) => [l['msg'], l['correlationId'], l['messageId'], l['workItem']])).toEqual([
      ['handling', 'order-1', 'm-1', undefined],
      ['nested', 'order-1', 'm-1', 'payment.charges/order-1'],
      ['outside', undefined, undefined, undefined],
    ]);
  });

  it("adds the active span's trace id", () => {
    new NodeTracerProvider().register(); // a context manager, as a traced process has
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    context.with(trace.setSpan(context.active(), span), () => logger.info({}, 'traced'));
    expect(lines[0]).toMatchObject({ msg: 'traced', traceId: '0af7651916cd43dd8448eb211c80319c' });
  });
});
