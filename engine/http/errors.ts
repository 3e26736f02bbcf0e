import Boom from '@hapi/boom';
import type { Plugin } from '@hapi/hapi';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MalformedPayloadError } from '../../connectors/index.js';
import { ILLEGAL_TRANSITION, INVALID_ACTION, TEMPLATE_REQUIRED } from '../../workflows/shared.js';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, NotReadyYet, ProviderFailed, Unauthorized } from '../platform/errors.js';

/** Turns the errors services throw into the HTTP answers the contract promises, in one place. */
export function toBoom(err: unknown): Boom.Boom | undefined {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      if (cause.type === ILLEGAL_TRANSITION) return Boom.conflict(cause.message);
      if (cause.type === INVALID_ACTION) return Boom.badRequest(cause.message);
      if (cause.type === TEMPLATE_REQUIRED) {
        return Boom.conflict(`a template is needed: ${cause.message} (POST /api/conversations/{id}/template sends the channel's template)`);
      }
      if (cause.type === 'PermanentSendError' || cause.type === 'SendFailed') {
        return Boom.badGateway(`the channel refused the message: ${cause.message}`);
      }
      return Boom.conflict(cause.message);
    }
  }
  if (err instanceof WorkflowNotFoundError) return Boom.conflict('this conversation is not running any more; it cannot take actions');
  if (err instanceof DomainError) return domainAnswer(err);
  if (err instanceof MalformedPayloadError) return Boom.badRequest(err.message);
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '23505') return Boom.conflict('that already exists: ' + ((err as { detail?: string }).detail ?? 'duplicate value'));
  if (pgCode === '23503') return Boom.badRequest('a referenced record does not exist: ' + ((err as { detail?: string }).detail ?? ''));
  if (temporalUnreachable(err)) {
    // Whether the action was applied is unknown: the answer says so, since a blind retry may repeat it.
    return Boom.serverUnavailable('the workflow service (Temporal) did not answer in time: the action may or may not have been applied; look at the conversation before trying again');
  }
  return undefined;
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/** Temporal down or restarting (seen when the chaos run kills it): an answer to retry, not a 500. */
function temporalUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
  }
  return false;
}

function domainAnswer(err: DomainError): Boom.Boom {
  const boom =
    err instanceof NotFound ? Boom.notFound(err.message)
    : err instanceof Conflict ? Boom.conflict(err.message)
    : err instanceof Invalid ? Boom.badRequest(err.message)
    : err instanceof Forbidden ? Boom.forbidden(err.message)
    : err instanceof Unauthorized ? Boom.unauthorized(err.message)
    : err instanceof ProviderFailed ? Boom.badGateway(err.message)
    : err instanceof NotReadyYet ? Boom.serverUnavailable(err.message)
    : Boom.badImplementation(err.message);
  if (err.details) Object.assign(boom.output.payload, err.details);
  return boom;
}

export const errorsPlugin: Plugin<void> = {
  name: 'switchboard-errors',
  register(server) {
    server.ext('onPreResponse', (request, h) => {
      const response = request.response;
      if (!(response instanceof Error)) return h.continue;
      if (Boom.isBoom(response) && response.output.statusCode < 500 && !response.isServer) return h.continue;
      const mapped = toBoom((response as Boom.Boom).data?.cause ?? response) ?? toBoom(response);
      if (mapped) return mapped;
      request.server.app.ctx.logger.error({ err: response, path: request.path }, 'unhandled error');
      return h.continue;
    });
  },
};
