/**
 * Error classes shared by every layer. The CLI maps InputError (and its subclasses) to exit code 2
 * with a one-line message; anything else is an internal failure (exit 1).
 */

/** Bad input from a user, a file, a message or a request: the caller can fix it. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Where in a file a parse failed; every part optional, the message names those that are known. */
export interface ParseLocation {
  file?: string;
  record?: number;
  field?: string;
  offset?: number;
}

/** A binary or text format could not be parsed. The message names file, record, field and byte offset. */
export class ParseError extends InputError {
  override name = 'ParseError';
  constructor(
    readonly reason: string,
    readonly location: ParseLocation = {},
  ) {
    super(formatParseMessage(reason, location));
  }

  /** The same error with more location facts filled in (outer parsers know the file and record). */
  at(more: ParseLocation): ParseError {
    return new ParseError(this.reason, { ...more, ...this.location, ...(more.file ? { file: more.file } : {}) });
  }
}

/** A well-formed input that uses a feature scomm does not implement (e.g. JPEG 2000 compression). */
export class UnsupportedError extends ParseError {
  override name = 'UnsupportedError';
}

function formatParseMessage(reason: string, loc: ParseLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  if (loc.field !== undefined) parts.push(`field ${loc.field}`);
  if (loc.offset !== undefined) parts.push(`byte ${loc.offset}`);
  return parts.length ? `${parts.join(', ')}: ${reason}` : reason;
}
