import type { ErrorCode } from '../../../shared/constants.js'
import type { ErrorDetails } from '../../../shared/types.js'

/** A refusal by a queue rule. The HTTP layer turns it into a 4xx with the same code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** HTTP status that fits the refusal: 404 for missing things, 409 for a state conflict, 410 for what ran out, 422 for a closed service. */
    readonly status: 400 | 403 | 404 | 409 | 410 | 422 = 409,
    /** What a screen needs to say it in its own words (the message is for logs and API users). */
    readonly details?: ErrorDetails,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}
