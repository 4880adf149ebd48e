import { AppError } from '../core/errors.js';

/** The terminal side of a prompt: what `process.stdin` / `process.stderr` offer. */
export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

/** Reads one line from a terminal in raw mode without echoing it; Ctrl+C or Ctrl+D abort. */
function readHidden(prompt: string, { input, output }: PromptStreams): Promise<string> {
  output.write(prompt);
  return new Promise((resolve, reject) => {
    let line = '';
    const done = (err: Error | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new AppError(400, 'password_required', 'cancelled: no password given'));
        if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
        else if (ch >= ' ') line += ch;
      }
    };
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}

/**
 * The password for a CLI command given without `--password`: asked twice on a
 * terminal without echo (the two must match), else read from standard input (a pipe,
 * its trailing newline dropped), so scripts keep working.
 */
export async function readPassword(
  what: string,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<string> {
  if (streams.input.isTTY) {
    const first = await readHidden(`Password for ${what}: `, streams);
    if (!first) throw new AppError(400, 'password_required', 'no password given');
    const again = await readHidden('Again: ', streams);
    if (again !== first) throw new AppError(400, 'password_mismatch', 'the two passwords differ; nothing was changed');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const c of streams.input) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
