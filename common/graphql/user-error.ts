/** A problem with the caller's input, returned in a mutation payload's `errors`. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export const userError = (code: string, message: string, field?: string[]): UserError => ({
  code,
  message,
  field: field ?? null,
});
