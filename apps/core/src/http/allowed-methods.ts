import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

/**
 * Which methods each route answers, so that a method a path does not take is a 405 with `Allow`
 * rather than the 404 Fastify gives any request it has no route for.
 */
export class AllowedMethods {
  private readonly router = FindMyWay();
  private readonly methods = new Set<HTTPMethod>();

  /** Records every route registered from now on (call before the routes are registered). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = ([] as string[]).concat(route.method).map((m) => m.toUpperCase());
      for (const method of methods as HTTPMethod[]) {
        if (this.router.find(method, route.url)) continue;
        this.router.on(method, route.url, () => undefined);
        this.methods.add(method);
      }
    });
  }

  /** The methods the path answers, sorted; empty when no route has the path at all. */
  for(url: string): string[] {
    const path = url.split('?', 1)[0];
    return [...this.methods].filter((m) => this.router.find(m, path)).sort();
  }
}
