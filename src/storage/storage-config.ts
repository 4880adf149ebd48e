/**
 * Where files are stored, as configured by `DUDAO_STORAGE_URL` (config key `storageUrl`):
 *
 * - unset: the local folder `<data dir>/files` (the default);
 * - `s3://<bucket>[/<key prefix>]?endpoint=<url>&region=<region>&pathStyle=true`: an
 *   S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS/OBS in S3 mode).
 *
 * Access keys: `DUDAO_S3_ACCESS_KEY_ID` and `DUDAO_S3_SECRET_ACCESS_KEY` (config keys
 * `s3AccessKeyId`, `s3SecretAccessKey`), or user and password of the URL; with neither, the
 * AWS SDK's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role).
 */

/** An S3-compatible bucket, fully resolved. */
export interface S3StorageConfig {
  kind: 's3';
  bucket: string;
  /** Prefix of every key inside the bucket ('' or ending in `/`), so one bucket can hold several installs. */
  keyPrefix: string;
  /** Service URL (`https://minio.example:9000`); null = AWS S3 itself, found from the region. */
  endpoint: string | null;
  region: string;
  /** Address buckets as `<endpoint>/<bucket>/<key>` (MinIO and most self-hosted services) instead of `<bucket>.<host>`. */
  pathStyle: boolean;
  /** Null: the AWS SDK's default credential chain. */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OPTIONS = new Set(['endpoint', 'region', 'pathStyle']);

/**
 * Parses a storage URL; problems name the setting and what is wrong, for ConfigError.
 * `label` is how the setting is named in messages (`DUDAO_STORAGE_URL (storageUrl)`).
 */
export function parseStorageUrl(
  text: string,
  keys: { accessKeyId: string; secretAccessKey: string },
  label: string,
): { config: S3StorageConfig | null; problems: string[] } {
  const problems: string[] = [];
  if (!text) {
    if (keys.accessKeyId || keys.secretAccessKey) problems.push(`${label}: S3 access keys are set but no s3:// storage URL`);
    return { config: null, problems };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { config: null, problems: [`${label}: not a URL; expected s3://bucket?endpoint=…&region=…`] };
  }
  if (url.protocol !== 's3:') return { config: null, problems: [`${label}: must start with s3:// (leave it unset for the local folder)`] };
  const bucket = url.hostname;
  if (!BUCKET.test(bucket))
    problems.push(`${label}: "${bucket}" is not a valid bucket name (3–63 lower-case letters, digits, dots, hyphens)`);
  const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  if (path && !/^[A-Za-z0-9._/-]+$/.test(path)) problems.push(`${label}: the key prefix "${path}" may hold only letters, digits, . _ - /`);
  const keyPrefix = path && !path.endsWith('/') ? `${path}/` : path;
  for (const name of url.searchParams.keys()) {
    if (!OPTIONS.has(name)) problems.push(`${label}: unknown option "${name}" (known: ${[...OPTIONS].join(', ')})`);
  }
  const endpoint = url.searchParams.get('endpoint') || null;
  if (endpoint) {
    let ok = false;
    try {
      const e = new URL(endpoint);
      ok = (e.protocol === 'http:' || e.protocol === 'https:') && (e.pathname === '/' || e.pathname === '');
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${label}: endpoint must be an http:// or https:// origin like https://minio.example:9000, got "${endpoint}"`);
  }
  const region = url.searchParams.get('region') || 'us-east-1';
  if (!/^[a-z0-9-]{2,32}$/.test(region)) problems.push(`${label}: region "${region}" is not a region name`);
  const pathStyleText = (url.searchParams.get('pathStyle') ?? (endpoint ? 'true' : 'false')).toLowerCase();
  if (!['true', 'false'].includes(pathStyleText)) problems.push(`${label}: pathStyle must be true or false`);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const accessKeyId = keys.accessKeyId || user;
  const secretAccessKey = keys.secretAccessKey || password;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    problems.push(`${label}: give both the access key id and the secret access key, or neither`);
  if (problems.length) return { config: null, problems };
  return {
    config: {
      kind: 's3',
      bucket,
      keyPrefix,
      endpoint: endpoint ? endpoint.replace(/\/+$/, '') : null,
      region,
      pathStyle: pathStyleText === 'true',
      credentials: accessKeyId ? { accessKeyId, secretAccessKey } : null,
    },
    problems,
  };
}

/** The storage for logs and the start banner: no secrets. */
export function describeStorage(config: S3StorageConfig | null, filesDir: string): string {
  if (!config) return `local folder ${filesDir}`;
  const where = config.endpoint ?? `AWS S3 (${config.region})`;
  return `s3://${config.bucket}/${config.keyPrefix} at ${where}${config.pathStyle ? ', path-style' : ''}`;
}
