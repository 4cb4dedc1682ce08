// Who may call what, checked before every route of the public API (/api/v1): a valid token (401
// without), admin for admin routes (403 for a customer, who knows those routes exist), nothing for
// @Public() ones. Routes outside the API (health) are open.
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem } from '@eventshop/contracts';
import { ProblemException } from '../../application/problem-exception';
import { AccessTokens, bearerToken } from './access-tokens';
import { ADMIN_ONLY, PUBLIC_ROUTE, type AuthenticatedRequest } from './access.decorators';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // the WebSocket checks its token when it connects
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.route?.path.startsWith('/api/v1/')) return true;
    const authorization = request.headers['authorization'];
    const token = bearerToken(Array.isArray(authorization) ? authorization[0] : authorization);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      if (token) request.caller = await this.tokens.verify(token).catch(() => undefined); // for the rate limit's key only
      return true;
    }
    request.caller = await this.tokens.verify(token);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && request.caller.role !== 'admin') {
      throw new ProblemException(problem(403, 'Forbidden', 'only an admin may do this'));
    }
    return true;
  }
}
