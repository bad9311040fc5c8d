import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageRenderer } from './page-renderer.js';
import { RateLimits } from './rate-limits.js';
import { SurveyPages, type PageRequest, type PageResult } from './survey-pages.service.js';

type Query = { lang?: unknown; score?: unknown };

/** The pages survey links open: `/s/<token>` (GET shows, POST answers), thanks and unsubscribe. */
@Controller('s/:token')
export class SurveyPageController {
  constructor(
    @Inject(SurveyPages) private readonly pages: SurveyPages,
    @Inject(RateLimits) private readonly limits: RateLimits,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
  ) {}

  @Get()
  show(
    @Param('token') token: string,
    @Query() q: Query,
    @Headers('accept-language') al: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { token, lang: q.lang, acceptLanguage: al }, (r) =>
      this.pages.show(r, q.score),
    );
  }

  @Post()
  answer(
    @Param('token') token: string,
    @Query() q: Query,
    @Headers('accept-language') al: string | undefined,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { token, lang: q.lang, acceptLanguage: al }, (r) =>
      this.pages.answer(r, body),
    );
  }

  @Get('thanks')
  thanks(
    @Param('token') token: string,
    @Query() q: Query,
    @Headers('accept-language') al: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { token, lang: q.lang, acceptLanguage: al }, (r) =>
      this.pages.thanks(r),
    );
  }

  @Get('unsubscribe')
  unsubscribePage(
    @Param('token') token: string,
    @Query() q: Query,
    @Headers('accept-language') al: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { token, lang: q.lang, acceptLanguage: al }, (r) =>
      this.pages.unsubscribePage(r),
    );
  }

  /** RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here; the page's button does too. */
  @Post('unsubscribe')
  unsubscribe(
    @Param('token') token: string,
    @Query() q: Query,
    @Headers('accept-language') al: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { token, lang: q.lang, acceptLanguage: al }, (r) =>
      this.pages.unsubscribe(r),
    );
  }

  private async serve(
    req: FastifyRequest,
    reply: FastifyReply,
    r: PageRequest,
    handle: (r: PageRequest) => Promise<PageResult>,
  ): Promise<void> {
    const wait = await this.limits.admit(req.ip, r.token);
    const result =
      wait === null ? await handle(r) : this.pages.problem('limited', this.pages.localeOf(r), wait);
    // Links carry their token: keep it out of caches, referrers and search engines.
    void reply
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
