// An agent action while Temporal is down or restarting (the chaos run kills it) answers 503 saying
// the action may or may not have been applied, not a bare 500.
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { toBoom } from '../../engine/http/errors.js';

function grpcError(code: number, details: string) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('answers while Temporal is unreachable', () => {
  it('a refused connection or a deadline, bare or wrapped by the client, is a 503 that warns against a blind retry', () => {
    for (const err of [
      grpcError(14, 'No connection established'),
      new ServiceError('Failed to update workflow', { cause: grpcError(14, 'Connection dropped') }),
      new ServiceError('Failed to update workflow', { cause: grpcError(4, 'Deadline exceeded') }),
      new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out waiting for update response', { cause: grpcError(4, 'Deadline exceeded') }),
    ]) {
      const boom = toBoom(err);
      expect(boom?.output.statusCode, err.message).toBe(503);
      expect(boom?.message).toMatch(/Temporal.*may or may not have been applied/);
    }
  });

  it('other gRPC failures and plain errors are left to the 500 path', () => {
    expect(toBoom(grpcError(13, 'internal'))).toBeUndefined();
    expect(toBoom(new Error('14 UNAVAILABLE in a message only'))).toBeUndefined();
  });
});
