// Access tokens: JWTs (HS256, @nestjs/jwt) whose subject is the customer and whose role says whether
// they are an admin. Issued only by the demo's dev-token endpoint here; anything that signs with the
// same secret (an identity provider in front) works the same.
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { problem } from '@eventshop/contracts';
import { z } from 'zod';
import { ProblemException } from '../../application/problem-exception';
import type { Caller } from '../../domain/caller';

const claims = z.object({ sub: z.string().min(1).max(100), role: z.enum(['customer', 'admin']) });

export const unauthorized = (detail: string) => new ProblemException(problem(401, 'Unauthorized', detail));

@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  issue(caller: Caller, expiresInSeconds: number): Promise<string> {
    return this.jwt.signAsync({ sub: caller.customerId, role: caller.role }, { expiresIn: expiresInSeconds });
  }

  /** The caller a token stands for; a 401 problem when it is missing, expired, forged or malformed. */
  async verify(token: string | undefined): Promise<Caller> {
    if (!token) throw unauthorized('send an access token: Authorization: Bearer <token>');
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch (error) {
      throw unauthorized(`the access token is not valid (${(error as Error).message})`);
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw unauthorized('the access token names no customer or role');
    return { customerId: parsed.data.sub, role: parsed.data.role };
  }
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
