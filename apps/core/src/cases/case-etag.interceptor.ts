import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** Answers a case with `ETag: "<version>"`, the value a client sends back in If-Match. */
@Injectable()
export class CaseEtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number')
          ctx.switchToHttp().getResponse<FastifyReply>().header('ETag', `"${version}"`);
        return body;
      }),
    );
  }
}
