import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Temporary files of multipart uploads: readMultipart streams each file part into one,
 * and they are removed when the request ends, whatever way it ends. Routes never remove
 * them: the two hooks here (a finished response, a connection closed before the response
 * finished) are the only clean-up, so no route can forget it.
 */

/** Prefix of every temporary upload file, so that a start-up sweep removes only ours. */
const PREFIX = 'upload-';
/** Leftovers older than this (a process killed mid-request) are removed at start. */
const STALE_MS = 24 * 60 * 60 * 1000;

/** The default folder when the app is given none (tests without a data dir). */
export function defaultUploadTmpDir(): string {
  return join(tmpdir(), 'dudao-uploads');
}

/** The temporary files of one request. */
class RequestTemps {
  private readonly paths = new Set<string>();
  private ended = false;

  constructor(readonly dir: string) {}

  /** A fresh path in the folder, tracked for removal; throws once the request has ended. */
  async create(): Promise<string> {
    if (this.ended) throw new Error('the request ended before its upload was read');
    await mkdir(this.dir, { recursive: true }); // again per request: a tmp cleaner may have removed it
    const path = join(this.dir, `${PREFIX}${process.pid}-${randomUUID()}`);
    this.paths.add(path);
    return path;
  }

  /** Removes one file now (a refused or skipped part) instead of at the end. */
  async release(path: string): Promise<void> {
    this.paths.delete(path);
    await rm(path, { force: true });
  }

  /** Removes every file; later `create` calls fail. Safe to call twice. */
  async end(): Promise<void> {
    this.ended = true;
    const paths = [...this.paths];
    this.paths.clear();
    // A file still being written is unlinked all the same: its writer holds the descriptor,
    // and the space is freed when that closes.
    await Promise.all(paths.map((p) => rm(p, { force: true }).catch(() => undefined)));
  }
}

const temps = new WeakMap<FastifyRequest, RequestTemps>();
const DIR = 'dudaoUploadTmpDir';

/**
 * Sets up the folder and the clean-up hooks on `app` (the root instance, before routes),
 * and removes leftovers of a previous process older than a day.
 */
export async function registerUploadTemps(app: FastifyInstance, dir: string): Promise<void> {
  app.decorate(DIR, dir);
  await mkdir(dir, { recursive: true });
  await removeStale(dir, Date.now() - STALE_MS);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.headers['content-type']?.toLowerCase().startsWith('multipart/')) return;
    // onResponse runs only when the response finished; a client that goes away first
    // closes it unfinished, and the files go then.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) void temps.get(request)?.end();
    });
  });
  app.addHook('onResponse', async (request) => {
    await temps.get(request)?.end();
  });
}

/** A new temporary file for an upload of `request`, removed when the request ends. */
export async function createUploadTemp(request: FastifyRequest): Promise<string> {
  let t = temps.get(request);
  if (!t) {
    if (!request.server.hasDecorator(DIR)) throw new Error('createUploadTemp called without registerUploadTemps');
    t = new RequestTemps(request.server.getDecorator<string>(DIR));
    temps.set(request, t);
  }
  return t.create();
}

/** Removes one temporary file of `request` before the request ends. */
export async function releaseUploadTemp(request: FastifyRequest, path: string): Promise<void> {
  await temps.get(request)?.release(path);
}

async function removeStale(dir: string, before: number): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(dir, name);
    try {
      if ((await stat(path)).mtimeMs < before) await rm(path, { force: true });
    } catch {
      // Removed meanwhile by another instance sharing the folder.
    }
  }
}
