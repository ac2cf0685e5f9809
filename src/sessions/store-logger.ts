/** The slice of a pino-style logger the stores need: they only ever warn about data they skip. */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
}
