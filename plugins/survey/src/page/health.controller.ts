import { Controller, Get } from '@nestjs/common';

/** For load balancers in front of the survey pages. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
