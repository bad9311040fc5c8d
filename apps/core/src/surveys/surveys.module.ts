import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { SurveyEntity } from './survey.entity.js';
import { SurveysService } from './surveys.service.js';
import { SurveysController } from './surveys.controller.js';
import { SurveyProjection } from './survey.projection.js';
import { CreateSurveys1764000000900 } from './migrations/1764000000900-create-surveys.js';

/** Survey decisions and answers from the survey plugin, per case and as metrics. */
@Module({
  imports: [TypeOrmModule.forFeature([SurveyEntity]), CasesModule, ContactsModule],
  controllers: [SurveysController],
  providers: [SurveysService, SurveyProjection],
  exports: [SurveysService],
})
export class SurveysModule {
  static readonly migrations = [CreateSurveys1764000000900];
}
