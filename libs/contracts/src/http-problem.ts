// RFC 9457 problem details: the error shape of every HTTP answer in Eventshop (part of the public contract).
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(status: number, title: string, detail?: string, extensions: Record<string, unknown> = {}): Problem {
  return { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extensions };
}

/** A 400 naming the fields that are wrong; its detail lists them unless one is given. */
export function invalidFields(errors: FieldError[], detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ')): Problem {
  return { ...problem(400, 'Invalid request', detail), errors };
}

export function validationProblem(error: z.ZodError): Problem {
  return invalidFields(error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })));
}
