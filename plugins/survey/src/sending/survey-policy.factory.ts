import type { SurveyPolicy } from '@casehub/domain';
import type { SurveyConfig } from '../survey.config.js';

/** The company's survey rules as the settings give them. */
export function surveyPolicyOf(cfg: SurveyConfig): SurveyPolicy {
  return {
    channels: cfg.SURVEY_CHANNELS,
    excludeChannels: cfg.SURVEY_EXCLUDE_CHANNELS,
    excludeTags: cfg.SURVEY_EXCLUDE_TAGS,
    samplePercent: cfg.SURVEY_SAMPLE_PERCENT,
    throttleDays: cfg.SURVEY_THROTTLE_DAYS,
  };
}
