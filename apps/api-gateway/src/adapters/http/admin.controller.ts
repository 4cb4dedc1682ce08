// /api/v1/admin: what only an admin may do — resume a saga parked as COMPENSATION_FAILED.
import { Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { orderId } from '@eventshop/contracts';
import { ZodParam } from '@eventshop/service-runtime';
import { ResumeSaga } from '../../application/order-commands';
import { AdminOnly } from '../auth/access.decorators';
import { passOn, type StatusSink } from './pass-on';

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly resumeSaga: ResumeSaga) {}

  @Post('sagas/:orderId/resume')
  async resume(@ZodParam('orderId', orderId) id: string, @Res({ passthrough: true }) response: StatusSink): Promise<unknown> {
    return passOn(response, await this.resumeSaga.execute(id));
  }
}
