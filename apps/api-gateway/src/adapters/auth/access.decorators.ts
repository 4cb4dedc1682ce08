// How a route of the public API says who may call it: @Public() for anyone (the demo's token
// endpoint), @AdminOnly() for admins; every other /api/v1 route needs a valid token. @CurrentCaller() hands the
// verified caller to the handler.
import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller } from '../../domain/caller';

export const PUBLIC_ROUTE = 'eventshop:public';
export const ADMIN_ONLY = 'eventshop:admin-only';

export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** The request as the guards leave it: with its verified caller, if it sent a token. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  caller?: Caller;
  ip?: string;
  method: string;
  route?: { path: string };
}

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new Error('@CurrentCaller() on a route without authentication');
  return caller;
});
