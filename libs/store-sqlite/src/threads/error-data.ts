// Packages and relative imports only: worker threads load this without the path-alias preload.

/** An error as plain data, so it crosses a thread boundary: its message and code (SQLite's, Node's). */
export interface ErrorData {
  message: string;
  code?: string;
}

export function errorData(error: unknown): ErrorData {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The Error an ErrorData stands for on this side of the boundary. */
export function errorFromData({ message, code }: ErrorData): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}
