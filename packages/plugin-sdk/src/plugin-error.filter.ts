import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's error to the transport unchanged (Nest's default turns it into "Internal
 * server error"), so retries log and dead letters carry what actually went wrong.
 */
@Catch()
export class PluginErrorFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
