import type { PublicSettings } from '../../domain/public/public-settings.js';
import type { Upload } from '../files/file.service.js';
import { publicError } from './public-abuse.js';

/** One public write as the HTTP layer hands it over: the multipart fields and files, and the device header. */
export interface PublicWrite {
  fields: Record<string, string | undefined>;
  files: Upload[];
  /** `X-Device-Id`: a random id the page keeps; absent counts as the address's own device. */
  deviceId?: string;
}

/** A checked public report. */
export interface PublicReportInput {
  categoryCode: string;
  description: string;
  lon: number;
  lat: number;
  address: string | null;
  name: string | null;
  phone: string | null;
  positionPrivate: boolean;
  force: boolean;
  photos: Upload[];
}

const REPORT_FIELDS = new Set([
  'categoryCode',
  'description',
  'lon',
  'lat',
  'address',
  'reporterName',
  'reporterPhone',
  'consent',
  'positionPrivate',
  'force',
  'challenge',
  'nonce',
]);
const PLUS_ONE_FIELDS = new Set(['description', 'challenge', 'nonce']);
/** A mainland mobile number (+86 allowed) or a landline with its area code. */
const PHONE = /^(?:(?:\+?86)[- ]?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;

const bad = (field: string, message: string) => publicError(422, 'invalid_input', message, field);

function flag(fields: PublicWrite['fields'], name: string): boolean {
  const v = fields[name];
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw bad(name, `“${name}” 只能是 true 或 false`);
}

function text(fields: PublicWrite['fields'], name: string, max: number, label: string): string | null {
  const v = fields[name]?.trim();
  if (!v) return null;
  if (v.length > max) throw bad(name, `${label}最多 ${max} 个字`);
  return v;
}

function checkNames(w: PublicWrite, allowed: Set<string>, photoField: string, maxPhotos: number, minPhotos: number): Upload[] {
  const unknown = Object.keys(w.fields).find((k) => !allowed.has(k));
  if (unknown !== undefined) throw bad(unknown, `不认识的字段“${unknown}”，请刷新页面后重试`);
  const other = w.files.find((f) => f.field !== photoField);
  if (other) throw bad(other.field, `照片请用“${photoField}”字段上传`);
  if (w.files.length < minPhotos) throw bad(photoField, `请至少上传 ${minPhotos} 张照片`);
  if (w.files.length > maxPhotos)
    throw publicError(413, 'too_many_files', `最多上传 ${maxPhotos} 张照片`, photoField, { limit: maxPhotos });
  return w.files;
}

/**
 * Reads and checks a public report's fields (issue 15 point 1): a public category, a
 * description, a point inside the city, 1–3 photos (their content is checked by the file
 * service), an optional name (≤ 50) and phone (a phone number), consent when either is
 * given. Each refusal is a 4xx in Chinese naming the field.
 */
export function readReport(w: PublicWrite, settings: PublicSettings, bbox: [number, number, number, number]): PublicReportInput {
  const photos = checkNames(w, REPORT_FIELDS, 'photo', 3, 1);
  const f = w.fields;
  const categoryCode = f.categoryCode?.trim() ?? '';
  if (!categoryCode) throw bad('categoryCode', '请选择问题类别');
  if (!settings.categoryCodes.includes(categoryCode)) throw bad('categoryCode', '该问题类别不接受市民上报，请重新选择');
  const description = text(f, 'description', 2000, '问题描述');
  if (!description) throw bad('description', '请填写问题描述');
  const coordinate = (name: 'lon' | 'lat') => {
    const raw = f[name]?.trim();
    if (!raw) throw bad(name, '请在地图上选择问题位置');
    const n = Number(raw);
    if (!Number.isFinite(n)) throw bad(name, '位置格式不正确，请在地图上重新选择');
    return n;
  };
  const lon = coordinate('lon');
  const lat = coordinate('lat');
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (lon < minLon || lon > maxLon) throw bad('lon', '所选位置不在本市范围内');
  if (lat < minLat || lat > maxLat) throw bad('lat', '所选位置不在本市范围内');
  const address = text(f, 'address', 300, '地址');
  const name = text(f, 'reporterName', 50, '姓名');
  const phone = f.reporterPhone?.trim().replace(/\s+/g, '') || null;
  if (phone !== null && !PHONE.test(phone)) throw bad('reporterPhone', '手机号码格式不正确');
  if ((name !== null || phone !== null) && !flag(f, 'consent')) throw bad('consent', '留下姓名或电话时，请勾选同意用于核实和回访');
  return {
    categoryCode,
    description,
    lon,
    lat,
    address,
    name,
    phone,
    positionPrivate: flag(f, 'positionPrivate'),
    force: flag(f, 'force'),
    photos,
  };
}

/** Reads a "我也遇到": optional words (≤ 500) and at most one photo of one's own. */
export function readPlusOne(w: PublicWrite): { description: string | null; photos: Upload[] } {
  const photos = checkNames(w, PLUS_ONE_FIELDS, 'photo', 1, 0);
  return { description: text(w.fields, 'description', 500, '补充说明'), photos };
}
