/** An error meant for the user: a French message, an HTTP status, and the field it names if any. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429 = 400,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends UserError {
  constructor(message = "La page ou la ressource demandée n'existe pas.") {
    super(message, 404);
  }
}

export class ForbiddenError extends UserError {
  constructor(message = "Votre rôle ne permet pas cette action.") {
    super(message, 403);
  }
}

export class UnauthenticatedError extends UserError {
  constructor(message = 'Veuillez vous connecter.') {
    super(message, 401);
  }
}
