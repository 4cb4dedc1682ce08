// DEMO ONLY — POST /api/v1/dev/token hands out an access token for any customer, or an admin, to
// whoever asks. It exists only when the gateway runs with DEV_TOKENS=on (the demo and the tests);
// a real deployment gets its tokens from an identity provider signing with JWT_SECRET.
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { customerId } from '@eventshop/contracts';
import { ZodBody } from '@eventshop/service-runtime';
import { z } from 'zod';
import { AccessTokens } from '../auth/access-tokens';
import { Public } from '../auth/access.decorators';

const devTokenRequest = z.object({ customerId, role: z.enum(['customer', 'admin']).default('customer') });
const EXPIRES_IN_SECONDS = 3_600;

@ApiTags('demo only')
@Controller('api/v1/dev')
export class DevTokenController {
  constructor(private readonly tokens: AccessTokens) {}

  @Post('token')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'DEMO ONLY: an access token for any customer or an admin (enabled by DEV_TOKENS=on)' })
  async token(@ZodBody(devTokenRequest) body: z.infer<typeof devTokenRequest>) {
    const token = await this.tokens.issue({ customerId: body.customerId, role: body.role }, EXPIRES_IN_SECONDS);
    return { token, tokenType: 'Bearer', expiresIn: EXPIRES_IN_SECONDS, demoOnly: true };
  }
}
