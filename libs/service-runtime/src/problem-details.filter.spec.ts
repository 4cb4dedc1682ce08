import { BadRequestException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ContractViolation, GrpcCode } from '@eventshop/contracts';
import { firstValueFrom } from 'rxjs';
import { DomainError } from '@eventshop/event-store';
import { z } from 'zod';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RetryLater } from './retry-later';

function answerTo(error: unknown) {
  const logged: unknown[] = [];
  const sent: { status?: number; type?: string; body?: unknown; headers?: Record<string, string> } = {};
  const response = {
    setHeader: (name: string, value: string) => void (sent.headers = { ...sent.headers, [name]: value }),
    status: (status: number) => (
      (sent.status = status),
      { type: (type: string) => ((sent.type = type), { json: (body: unknown) => void (sent.body = body) }) }
    ),
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response, getRequest: () => undefined }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter({ error: (obj) => void logged.push(obj) }).catch(error, host);
  return { ...sent, logged };
}

describe('ProblemDetailsFilter', () => {
  it('maps domain refusals to 404, 409 and 422', () => {
    expect(answerTo(new DomainError('not-found', 'no product X')).status).toBe(404);
    expect(answerTo(new DomainError('conflict', 'exists')).status).toBe(409);
    expect(answerTo(new DomainError('refused', 'no')).body).toMatchObject({ status: 422, detail: 'no' });
  });

  it('answers invalid input with 400 and the offending fields', () => {
    const parsed = z.object({ quantity: z.number().positive() }).safeParse({ quantity: 0 });
    if (parsed.success) throw new Error('expected a failure');
    expect(answerTo(parsed.error)).toMatchObject({ status: 400, type: 'application/problem+json', body: { errors: [{ field: 'quantity' }] } });
    expect(answerTo(new ContractViolation('bad', [{ path: 'lines.0.sku', message: 'required' }])).body).toMatchObject({ errors: [{ field: 'lines.0.sku' }] });
  });

  it("keeps framework errors' status with a plain title", () => {
    expect(answerTo(new BadRequestException('Unexpected token } in JSON')).body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(answerTo(new NotFoundException()).status).toBe(404);
  });

  it('answers "not yet" with 503 and Retry-After', () => {
    expect(answerTo(new RetryLater('the read side has not caught up', 2))).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '2' },
      body: { title: 'Not yet', detail: 'the read side has not caught up' },
    });
  });

  it('answers anything else with a logged 500 that reveals nothing', () => {
    const answer = answerTo(new Error('secret connection string'));
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain('secret');
    expect(answer.logged).toHaveLength(1);
  });

  it('fails a gRPC call with the closest status and the problem as its details', async () => {
    const rpc = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const failure = new ProblemDetailsFilter({ error: () => undefined }).catch(new DomainError('not-found', 'no order o-1'), rpc);
    if (!failure) throw new Error('expected an observable');
    const error = await firstValueFrom(failure).catch((e: unknown) => e as { code: number; details: string });
    expect(error).toMatchObject({ code: GrpcCode.NOT_FOUND });
    expect(JSON.parse(error.details)).toMatchObject({ status: 404, detail: 'no order o-1' });
  });
});
