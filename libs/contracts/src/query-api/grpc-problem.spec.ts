import { problem } from '../http-problem';
import { GrpcCode, grpcErrorOf, problemOfGrpcError } from './grpc-problem';

describe('problems across gRPC', () => {
  it('carries a problem under the closest code and gives it back whole', () => {
    const invalid = { ...problem(400, 'Invalid request', 'limit: too big'), errors: [{ field: 'limit', message: 'too big' }] };
    const sent = grpcErrorOf(invalid);
    expect(sent.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(problemOfGrpcError(sent, 'query-service')).toEqual(invalid);
    expect(grpcErrorOf(problem(404, 'Not found')).code).toBe(GrpcCode.NOT_FOUND);
    expect(grpcErrorOf(problem(500, 'Internal error')).code).toBe(GrpcCode.INTERNAL);
  });

  it('makes a server that does not answer a 503 with Retry-After, naming the upstream', () => {
    expect(problemOfGrpcError({ code: GrpcCode.UNAVAILABLE, details: 'No connection established' }, 'query-service', 3)).toMatchObject({
      status: 503,
      retryAfterSeconds: 3,
      detail: expect.stringContaining('query-service does not answer'),
    });
    expect(problemOfGrpcError({ code: GrpcCode.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }, 'query-service').status).toBe(503);
  });

  it('makes any other failure without a problem a 502', () => {
    expect(problemOfGrpcError({ code: 2, details: 'Internal server error' }, 'query-service').status).toBe(502);
  });
});
