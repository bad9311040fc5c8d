import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  surveyMetricsQuerySchema,
  surveyViewSchema,
  type SurveyMetricsQuery,
} from '@casehub/domain';
import { Roles } from '../auth/auth.decorators.js';
import { SurveysService } from './surveys.service.js';
import { surveyMetricsSchema } from './dto/survey-metrics.dto.js';

@ApiTags('Surveys')
@ApiBearerAuth()
@Controller('v1')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  /** The survey decisions about a case (invited or skipped, and why) with the latest answer. */
  @Get('cases/:id/surveys')
  @Roles('agent', 'plugin')
  @ApiResponse({
    status: 200,
    description: 'Oldest decision first.',
    standardSchema: z.object({ items: z.array(surveyViewSchema) }),
  })
  async forCase(@Param('id') id: string) {
    return { items: await this.surveys.forCase(id) };
  }

  /** CSAT, NPS, CES and response rate of the surveys decided in a period (docs/metrics.md). */
  @Get('metrics/surveys')
  @Roles('supervisor')
  @ApiResponse({ status: 200, description: 'The figures.', standardSchema: surveyMetricsSchema })
  metrics(@Query({ schema: surveyMetricsQuerySchema }) q: SurveyMetricsQuery) {
    return this.surveys.metrics(q);
  }
}
