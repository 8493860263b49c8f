// A mistake the user can fix (bad flag, missing file, no snapshot yet): the CLI prints its
// message as one line and exits non-zero, with no stack trace.

export class UserError extends Error {
  override name = "UserError";
}
