/**
 * Input a model cannot work with (a customer summary that contradicts itself, too short a history,
 * an argument outside a function's domain). The code lets a caller answer BAD_USER_INPUT or a
 * UserError with the same code; the message says what was wrong.
 */
export class ModelInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelInputError';
  }
}
