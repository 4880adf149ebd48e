/** How a browser should treat a file it navigates to: save it, or show it. */
export type Disposition = 'attachment' | 'inline';

/**
 * A Content-Disposition header value with the file name twice (RFC 6266): `filename=` as
 * printable ASCII for old clients (anything else, quotes and backslashes become `_`), and
 * `filename*=UTF-8''…` percent-encoded per RFC 5987 so Chinese names survive. RFC 5987's
 * attr-char excludes ' ( ) * which encodeURIComponent leaves alone, so those are encoded too.
 * `asciiFallback` replaces the ASCII name (an English name rather than underscores).
 */
export function contentDisposition(disposition: Disposition, filename: string, asciiFallback?: string): string {
  const ascii = (asciiFallback ?? filename).replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
