import S3rver from '@20minutes/s3rver';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/s3proto/d-');
const srv = new S3rver({ port: 0, address: '127.0.0.1', silent: true, allowMismatchedSignatures: true, directory: dir, configureBuckets: [{ name: 'dudao' }] });
const addr = await srv.run();
const c = new S3Client({ endpoint: `http://127.0.0.1:${addr.port}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
c.middlewareStack.add((next) => async (args) => { console.log('REQ', args.request.method, args.request.path, JSON.stringify(args.request.query)); return next(args); }, { step: 'finalizeRequest', priority: 'low' });
const big = Buffer.alloc(12 * 1024 * 1024, 7);
for (const [Key, ContentType] of [['big/x.bin', undefined], ['run-1/originals/ab/x.pdf', undefined], ['big/y.pdf', 'application/pdf']]) {
try { await new Upload({ client: c, params: { Bucket: 'dudao', Key, ContentType, Body: Readable.from([big.subarray(0, 3e6), big.subarray(3e6)]) }, partSize: 5 * 1024 * 1024, queueSize: 2 }).done(); console.log('ok', Key); } catch (e) { console.log('ERR', Key, e.name); }
}
await srv.close();
