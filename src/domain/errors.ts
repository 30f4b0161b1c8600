/**
 * The errors the application raises on purpose. Each has an HTTP status and a stable id; the server's
 * one error handler turns them into a page for people or JSON for programs. Anything else is a bug:
 * logged, and answered with a plain 500 that shows no details.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the input cannot be accepted; the message tells a person what to change. */
export class InvalidInputError extends AppError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(400, 'invalid_input', message);
  }
}

/** 404: nothing here. */
export class NotFoundError extends AppError {
  constructor(message = 'Nothing was found at this address.') {
    super(404, 'not_found', message);
  }
}

/** 409: the change clashes with what is stored (a name already taken, say). */
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** 401: the request needs a signed-in user (or the sign-in failed). */
export class UnauthorizedError extends AppError {
  constructor(message = 'Please sign in first.', id = 'unauthorized') {
    super(401, id, message);
  }
}

/** 403: the signed-in user may not do this, or the form did not come from Dastan. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.', id = 'forbidden') {
    super(403, id, message);
  }
}

/** 429: too many tries; the message says how long to wait. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
