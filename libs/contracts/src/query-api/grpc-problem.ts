// Errors across gRPC keep their meaning: the server sends the problem+json its HTTP API would have
// answered as the status's details, under the gRPC code closest to the HTTP status; the client turns
// it back into that problem. A failure with no problem inside (the server down, a deadline passed)
// is "unavailable, ask again shortly" — a 503 with Retry-After, never a hang or a 500.
import { problem, type Problem } from '../http-problem';

/** The gRPC status codes used here (grpc/status.h); contracts depend on no gRPC package. */
export const GrpcCode = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const codeOfStatus: Record<number, number> = {
  400: GrpcCode.INVALID_ARGUMENT,
  401: GrpcCode.UNAUTHENTICATED,
  403: GrpcCode.PERMISSION_DENIED,
  404: GrpcCode.NOT_FOUND,
  409: GrpcCode.ALREADY_EXISTS,
  422: GrpcCode.FAILED_PRECONDITION,
  429: GrpcCode.RESOURCE_EXHAUSTED,
  503: GrpcCode.UNAVAILABLE,
  504: GrpcCode.DEADLINE_EXCEEDED,
};

/** What a gRPC server sends for a problem: its code and the problem as JSON. */
export function grpcErrorOf(answer: Problem): { code: number; details: string } {
  return { code: codeOfStatus[answer.status] ?? GrpcCode.INTERNAL, details: JSON.stringify(answer) };
}

/** The problem a failed gRPC call stands for, as the client should answer it. */
export function problemOfGrpcError(error: { code?: number; details?: string }, upstream: string, retryAfterSeconds = 2): Problem {
  const sent = parseProblem(error.details);
  if (sent) return sent;
  if (error.code === GrpcCode.UNAVAILABLE || error.code === GrpcCode.DEADLINE_EXCEEDED) {
    return problem(503, 'Service unavailable', `${upstream} does not answer (${error.details ?? 'no details'}); try again shortly`, { retryAfterSeconds });
  }
  return problem(502, 'Bad gateway', `${upstream} failed: ${error.details ?? 'no details'}`);
}

function parseProblem(details: string | undefined): Problem | undefined {
  if (!details?.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(details) as Partial<Problem>;
    return typeof parsed.status === 'number' && typeof parsed.title === 'string' ? (parsed as Problem) : undefined;
  } catch {
    return undefined;
  }
}
