import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from './role.js';
import type { Principal } from './principal.js';

export const ROLES_KEY = 'casehub:roles';
export const PUBLIC_KEY = 'casehub:public';

/** The least role a caller needs (any one of them); higher roles include lower ones. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call (health, metrics, API docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller of this request. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>().principal,
);
