// The errors services throw, named for what went wrong in the domain, not for HTTP. The server
// turns them into answers in one place (engine/http/errors.ts); workers and the CLI read the message.

export class DomainError extends Error {
  /** Facts a client can act on (e.g. `errors`: every invalid element of a document). */
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (or is not yours to see). */
export class NotFound extends DomainError {}
/** It clashes with what exists: a duplicate name, a provider id another channel uses. */
export class Conflict extends DomainError {}
/** The input is wrong; the message (and details) say what to fix. */
export class Invalid extends DomainError {}
/** Who is asking may not do this. */
export class Forbidden extends DomainError {}
/** The provider behind a channel failed to do what was asked (not one of its rules): 502. */
export class ProviderFailed extends DomainError {}
/** Who is asking could not be verified (a missing or wrong signature, an unknown token). */
export class Unauthorized extends DomainError {}
/** Not possible yet, for a moment (a part is starting or catching up): try again shortly. */
export class NotReadyYet extends DomainError {}

/** For `.catch` on an insert: a unique violation (PostgreSQL 23505) becomes a Conflict saying which. */
export function conflictOnDuplicate(message: string) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') throw new Conflict(message);
    throw err;
  };
}
