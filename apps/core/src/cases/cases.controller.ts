import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { CaseEtag } from './case-etag.decorator.js';
import { RequestContext } from '../common/request-context.js';

@ApiTags('Cases')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiResponse({
    status: 201,
    description: 'The new case, status "new".',
    standardSchema: caseViewSchema,
  })
  async create(
    @Body({ schema: createCaseSchema }) body: CreateCase,
    @CurrentPrincipal() by: Principal,
    @RequestContext() request: RequestContext,
    @CaseEtag() etag: CaseEtag,
  ) {
    return etag(await this.cases.create(body, by, request));
  }

  @Get()
  list(@Query({ schema: listCasesSchema }) q: ListCasesQuery) {
    return this.cases.list(q);
  }

  /** `:id` is the case id or its ticket number (1042 or %231042). */
  @Get(':id')
  @ApiResponse({ status: 200, description: 'The case.', standardSchema: caseViewSchema })
  async get(@Param('id') id: string, @CaseEtag() etag: CaseEtag) {
    return etag(await this.cases.get(id));
  }

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body({ schema: updateCaseSchema }) body: UpdateCase,
    @CurrentPrincipal() by: Principal,
    @RequestContext() request: RequestContext,
    @CaseEtag() etag: CaseEtag,
  ) {
    return etag(await this.cases.update(id, body, by, request));
  }

  /** Changes the status; 409 with the allowed moves when the lifecycle forbids it. */
  @Post(':id/transitions')
  @HttpCode(200)
  async transition(
    @Param('id') id: string,
    @Body({ schema: transitionSchema }) body: TransitionCommand,
    @CurrentPrincipal() by: Principal,
    @RequestContext() request: RequestContext,
    @CaseEtag() etag: CaseEtag,
  ) {
    return etag(await this.cases.changeStatus(id, body, by, request));
  }

  @Post(':id/assign')
  @HttpCode(200)
  async assign(
    @Param('id') id: string,
    @Body({ schema: assignSchema }) body: AssignCommand,
    @CurrentPrincipal() by: Principal,
    @RequestContext() request: RequestContext,
    @CaseEtag() etag: CaseEtag,
  ) {
    return etag(await this.cases.assign(id, body, by, request));
  }

  /** Warm transfer to a higher tier or another group; the owner stays. */
  @Post(':id/escalate')
  @HttpCode(200)
  @Roles('agent')
  async escalate(
    @Param('id') id: string,
    @Body({ schema: escalateSchema }) body: EscalateCommand,
    @CurrentPrincipal() by: Principal,
    @RequestContext() request: RequestContext,
    @CaseEtag() etag: CaseEtag,
  ) {
    return etag(await this.cases.escalate(id, body, by, request));
  }
}
