import { FileService, type PreparedImage, type Upload } from '../services/files/file.service.js';

/**
 * The file service the demo's case service uses: the demo attaches the same photo
 * hundreds of times, so each distinct image is checked, processed and stored once
 * and every later upload of the same bytes gets a file row of its own that refers
 * to those stored objects. Keeps loading fast (sharp and the disk are the slow part).
 */
export class DemoFileService extends FileService {
  private readonly stored = new Map<string, Promise<PreparedImage>>();

  override async prepare(uploads: Upload[]): Promise<PreparedImage[]> {
    const out: PreparedImage[] = [];
    for (const u of uploads) {
      const sha = u.source.sha256;
      let p = this.stored.get(sha);
      if (!p) {
        p = super.prepare([u]).then((r) => r[0]!);
        this.stored.set(sha, p);
        p.catch(() => this.stored.delete(sha));
      }
      out.push({ ...(await p), field: u.field, filename: u.filename ?? null });
    }
    return out;
  }

  override async discard(prepared: PreparedImage[]): Promise<void> {
    // Forget them first: discard deletes objects no committed row refers to yet.
    for (const p of prepared) this.stored.delete(p.sha256);
    await super.discard(prepared);
  }
}
