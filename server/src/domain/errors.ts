import type { ErrorCode } from '../../../shared/constants.js'

/** A refusal by a queue rule. The HTTP layer turns it into a 4xx with the same code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** HTTP status that fits the refusal: 404 for missing things, 409 for a state conflict, 422 for a closed service. */
    readonly status: 400 | 403 | 404 | 409 | 422 = 409,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}
