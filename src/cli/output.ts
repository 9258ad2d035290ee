/** Output helpers shared by every command: one JSON document on stdout with --json, text otherwise. */

export interface JsonOption {
  json?: boolean;
}

/** Prints `data` as JSON when asked, else the human text `text()` returns. */
export function emit(opts: JsonOption, data: unknown, text: () => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else process.stdout.write(text().replace(/\n?$/, '\n'));
}

/** Progress and notes go to stderr so stdout stays machine-readable. */
export function note(message: string): void {
  process.stderr.write(message + '\n');
}

/** A fixed-width text table for human output. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (typeof rows[0]?.[i] === 'number' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}
