import { Module } from '@nestjs/common';
import { PLUGIN_CONFIG, PluginContext } from '@casehub/plugin-sdk';
import type { SurveyConfig } from './survey.config.js';
import { SurveyState } from './state/survey-state.js';
import { SurveySender } from './sending/survey-sender.service.js';
import { ResolvedHandler } from './sending/resolved.handler.js';
import { PageRenderer } from './page/page-renderer.js';
import { RateLimits } from './page/rate-limits.js';
import { SurveyPages } from './page/survey-pages.service.js';
import { SurveyPageController } from './page/survey-page.controller.js';
import { HealthController } from './page/health.controller.js';

@Module({
  controllers: [ResolvedHandler, SurveyPageController, HealthController],
  providers: [
    SurveySender,
    SurveyPages,
    RateLimits,
    {
      provide: PageRenderer,
      useFactory: (cfg: SurveyConfig) => new PageRenderer(cfg.SURVEY_DEFAULT_LOCALE),
      inject: [PLUGIN_CONFIG],
    },
    {
      provide: SurveyState,
      useFactory: (ctx: PluginContext) => SurveyState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class SurveyModule {}
