import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { caseViewSchema } from '@casehub/domain';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CasesService } from './cases.service.js';
import { createCaseSchema, type CreateCase } from '@casehub/domain';
import { updateCaseSchema, type UpdateCase } from '@casehub/domain';
import {
  assignSchema,
  escalateSchema,
  transitionSchema,
  type AssignCommand,
  type EscalateCommand,
  type TransitionCommand,
} from '@casehub/domain';
import { listCasesSchema, type ListCasesQuery } from '@casehub/domain';
import { CaseEtagInterceptor } from './case-etag.interceptor.js';

@ApiTags('Cases')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @UseInterceptors(CaseEtagInterceptor)
  @ApiResponse({
    status: 201,
    description: 'The new case, status "new".',
    standardSchema: caseViewSchema,
  })
  create(@Body({ schema: createCaseSchema }) body: CreateCase, @CurrentPrincipal() by: Principal) {
    return this.cases.create(body, by);
  }

  // No ETag interceptor on a page: without one, Nest calls the handler without an rxjs pipeline.
  @Get()
  list(@Query({ schema: listCasesSchema }) q: ListCasesQuery) {
    return this.cases.list(q);
  }

  /** `:id` is the case id or its ticket number (1042 or %231042). */
  @Get(':id')
  @UseInterceptors(CaseEtagInterceptor)
  @ApiResponse({ status: 200, description: 'The case.', standardSchema: caseViewSchema })
  get(@Param('id') id: string) {
    return this.cases.get(id);
  }

  @Patch(':id')
  @UseInterceptors(CaseEtagInterceptor)
  update(
    @Param('id') id: string,
    @Body({ schema: updateCaseSchema }) body: UpdateCase,
    @CurrentPrincipal() by: Principal,
  ) {
    return this.cases.update(id, body, by);
  }

  /** Changes the status; 409 with the allowed moves when the lifecycle forbids it. */
  @Post(':id/transitions')
  @UseInterceptors(CaseEtagInterceptor)
  @HttpCode(200)
  transition(
    @Param('id') id: string,
    @Body({ schema: transitionSchema }) body: TransitionCommand,
    @CurrentPrincipal() by: Principal,
  ) {
    return this.cases.changeStatus(id, body, by);
  }

  @Post(':id/assign')
  @UseInterceptors(CaseEtagInterceptor)
  @HttpCode(200)
  assign(
    @Param('id') id: string,
    @Body({ schema: assignSchema }) body: AssignCommand,
    @CurrentPrincipal() by: Principal,
  ) {
    return this.cases.assign(id, body, by);
  }

  /** Warm transfer to a higher tier or another group; the owner stays. */
  @Post(':id/escalate')
  @UseInterceptors(CaseEtagInterceptor)
  @HttpCode(200)
  @Roles('agent')
  escalate(
    @Param('id') id: string,
    @Body({ schema: escalateSchema }) body: EscalateCommand,
    @CurrentPrincipal() by: Principal,
  ) {
    return this.cases.escalate(id, body, by);
  }
}
