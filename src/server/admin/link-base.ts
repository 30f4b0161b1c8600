/**
 * The address mailed and copied links start with: the request's own site, which must be one of the
 * blogs here. A forged Host header naming some other site is refused, so no link can point elsewhere.
 */
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../domain/errors.js';

export function linkBase(request: FastifyRequest): string {
  if (!request.blog) throw new InvalidInputError('Please open the dashboard at the address of one of the blogs here.');
  return `${request.protocol === 'https' ? 'https' : 'http'}://${request.headers.host}`;
}
