import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from './api-keys.service.js';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/auth.decorators.js';
import { satisfies, type Role } from '../auth/role.js';
import { problems } from '../problems/problem.js';
import type { Principal } from '../auth/principal.js';

/** Every route needs a valid API key and one of its declared roles, unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Events from JetStream (the inbound path) come through the durable consumer, not over HTTP.
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw problems.unauthorized('Send your API key as "Authorization: Bearer <key>".');
    const principal = await this.keys.authenticate(m[1]);
    if (!principal) throw problems.unauthorized('This API key is unknown or has been revoked.');
    req.principal = principal;
    const needed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!needed.some((r) => satisfies(principal.role, r))) {
      throw problems.forbidden(
        `This needs the role ${needed.join(' or ')}; your key has the role ${principal.role}.`,
        {
          requiredRoles: needed,
        },
      );
    }
    return true;
  }
}
