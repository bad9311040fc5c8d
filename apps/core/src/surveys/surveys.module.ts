import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { SurveyEntity } from './survey.entity.js';
import { SurveysService } from './surveys.service.js';
import { SurveysController } from './surveys.controller.js';

/** Survey decisions and answers from the survey plugin, per case and as metrics. */
@Module({
  imports: [TypeOrmModule.forFeature([SurveyEntity]), CasesModule],
  controllers: [SurveysController],
  providers: [SurveysService],
  exports: [SurveysService],
})
export class SurveysModule {}
