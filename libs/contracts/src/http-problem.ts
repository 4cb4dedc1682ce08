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

export function validationProblem(error: z.ZodError): Problem {
  const errors = error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  return { ...problem(400, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; ')), errors };
}
