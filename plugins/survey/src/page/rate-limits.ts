import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { SurveyConfig } from '../survey.config.js';

/**
 * Requests per minute per survey link and per client address (each replica counts its own).
 * Keyed by the link's survey id, so varying the signature does not buy more tries.
 */
@Injectable()
export class RateLimits {
  private readonly byLink: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(@InjectPluginConfig() cfg: SurveyConfig) {
    this.byLink = new RateLimiterMemory({ points: cfg.SURVEY_RATE_LIMIT_PER_TOKEN, duration: 60 });
    this.byAddress = new RateLimiterMemory({
      points: cfg.SURVEY_RATE_LIMIT_PER_ADDRESS,
      duration: 60,
    });
  }

  /** null when the request may go on, else the seconds to wait. */
  async admit(address: string, token: string): Promise<number | null> {
    try {
      await this.byAddress.consume(address);
      await this.byLink.consume(token.slice(0, 36));
      return null;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }
}
