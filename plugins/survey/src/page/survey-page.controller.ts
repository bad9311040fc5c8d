import { Body, Controller, Get, Inject, Logger, Post, Query } from '@nestjs/common';
import { PageRenderer } from './page-renderer.js';
import { RateLimits } from './rate-limits.js';
import { SurveyLink, type LinkRequest } from './survey-link.decorator.js';
import { SurveyPages, type PageRequest, type PageResult } from './survey-pages.service.js';

/** The pages survey links open: `/s/<token>` (GET shows, POST answers), thanks and unsubscribe. */
@Controller('s/:token')
export class SurveyPageController {
  private readonly log = new Logger('SurveyPages');

  constructor(
    @Inject(SurveyPages) private readonly pages: SurveyPages,
    @Inject(RateLimits) private readonly limits: RateLimits,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
  ) {}

  @Get()
  show(@SurveyLink() link: LinkRequest, @Query('score') score: unknown): Promise<void> {
    return this.serve(link, (r) => this.pages.show(r, score));
  }

  @Post()
  answer(@SurveyLink() link: LinkRequest, @Body() form: unknown): Promise<void> {
    return this.serve(link, (r) => this.pages.answer(r, form));
  }

  @Get('thanks')
  thanks(@SurveyLink() link: LinkRequest): Promise<void> {
    return this.serve(link, (r) => this.pages.thanks(r));
  }

  @Get('unsubscribe')
  unsubscribePage(@SurveyLink() link: LinkRequest): Promise<void> {
    return this.serve(link, (r) => this.pages.unsubscribePage(r));
  }

  /** RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here; the page's button does too. */
  @Post('unsubscribe')
  unsubscribe(@SurveyLink() link: LinkRequest): Promise<void> {
    return this.serve(link, (r) => this.pages.unsubscribe(r));
  }

  private async serve(
    link: LinkRequest,
    handle: (r: PageRequest) => Promise<PageResult>,
  ): Promise<void> {
    const wait = await this.limits.admit(link.address, link.token);
    const result =
      wait === null
        ? await handle(link).catch((err: unknown) => {
            // NATS unreachable or failing: a page that says so, never a bare 500.
            this.log.error(`survey page: ${(err as Error).message}`);
            return this.pages.problem('unavailable', this.pages.localeOf(link));
          })
        : this.pages.problem('limited', this.pages.localeOf(link), wait);
    // Links carry their token: keep it out of caches, referrers and search engines.
    const reply = link.reply
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer')
      .header('X-Robots-Tag', 'noindex, nofollow')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', this.renderer.contentSecurityPolicy);
    if ('location' in result) {
      await reply.code(303).header('Location', result.location).send();
      return;
    }
    if (result.retryAfter) void reply.header('Retry-After', String(result.retryAfter));
    await reply.code(result.status).type('text/html; charset=utf-8').send(result.html);
  }
}
