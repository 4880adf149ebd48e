/**
 * How the audit log reads: each record's summary as labelled fields in the UI's
 * language, ids as names (from the `refs` the API resolved), codes as words.
 *
 * To add an action: give its summary fields a spec in {@link AUDIT_ACTION_FIELDS}
 * when the default by field name ({@link AUDIT_FIELDS}) does not fit, and the
 * labels to web/src/i18n/audit.zh-CN.ts / audit.en-US.ts. Unknown actions and
 * fields still render (a generic label, never a raw `key:`).
 */
import { auditRefKey, auditRefKindOf, type AuditRefKind } from '../../../../src/shared/audit-refs.js';
import { CASE_ACTION_LABELS, CASE_STATE_LABELS, CATEGORY_CLASS_LABELS, SEVERITY_LABELS } from '../../../../src/shared/case-enums.js';
import { ROLES, UNIT_KINDS, type Permission, type Role } from '../../../../src/shared/enums.js';
import { POINT_TYPE_LABELS } from '../../../../src/shared/evaluation-enums.js';
import { AUDIT_ACTION_LABELS, PERMISSION_LABELS, ROLE_LABELS, UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type { auditZhCN } from '../../i18n/audit.zh-CN.js';
import { textOf } from '../../../../src/shared/text.js';

type AuditKey = keyof typeof auditZhCN;
type Label = { zh: string; en: string };

/** What formatting needs from the i18n context (so it can be tested without React). */
export interface AuditFormatContext {
  t: (key: AuditKey, vars?: Record<string, string | number>) => string;
  label: (l: Label | undefined, fallback?: string) => string;
  time: (iso: string) => string;
}

/** How a field's value is shown. */
export type AuditFieldFormat =
  | 'text'
  | 'number'
  | 'bool'
  | 'ref'
  | 'time'
  | 'list'
  | 'roles'
  | 'unitKind'
  | 'caseState'
  | 'caseAction'
  | 'pointType'
  | 'categoryClass'
  | 'severity'
  | 'code' // a value with an `audit.v.<value>` label
  | 'alerted'
  | 'permissions'
  | 'changes'
  | 'object'
  | 'fieldList'
  | 'hash'
  | 'count'; // an object or list shown by its size

export interface AuditFieldSpec {
  label: AuditKey;
  format: AuditFieldFormat;
}

const f = (label: AuditKey, format: AuditFieldFormat = 'text'): AuditFieldSpec => ({ label, format });

/** Field specs by field name, whatever the action. */
export const AUDIT_FIELDS: Record<string, AuditFieldSpec> = {
  number: f('audit.f.number'),
  type: f('audit.f.type'),
  unitId: f('audit.f.unitId', 'ref'),
  parentId: f('audit.f.parentId', 'ref'),
  leaderUserId: f('audit.f.leaderUserId', 'ref'),
  userId: f('audit.f.user', 'ref'),
  cases: f('audit.f.cases', 'number'),
  auto: f('audit.f.auto', 'bool'),
  code: f('audit.f.code'),
  name: f('audit.f.name'),
  kind: f('audit.f.kind', 'unitKind'),
  note: f('audit.f.note'),
  changes: f('audit.f.changes', 'changes'),
  username: f('audit.f.username'),
  displayName: f('audit.f.displayName'),
  phone: f('audit.f.phone'),
  email: f('audit.f.email'),
  active: f('audit.f.active', 'bool'),
  isActive: f('audit.f.isActive', 'bool'),
  roles: f('audit.f.roles', 'roles'),
  reason: f('audit.f.reason'),
  limit: f('audit.f.limit', 'code'),
  alerted: f('audit.f.alerted', 'alerted'),
  sessions: f('audit.f.sessions', 'number'),
  tokens: f('audit.f.tokens', 'number'),
  prefix: f('audit.f.prefix'),
  scopes: f('audit.f.scopes', 'permissions'),
  expiresAt: f('audit.f.expiresAt', 'time'),
  rows: f('audit.f.rows', 'number'),
  created: f('audit.f.created', 'number'),
  updated: f('audit.f.updated', 'number'),
  units: f('audit.f.units', 'number'),
  users: f('audit.f.users', 'number'),
  reset: f('audit.f.reset', 'bool'),
  action: f('audit.f.action', 'caseAction'),
  seed: f('audit.f.seed', 'number'),
  targetCount: f('audit.f.targetCount', 'number'),
  points: f('audit.f.points', 'number'),
  forced: f('audit.f.forced', 'number'),
  point: f('audit.f.point'),
  earned: f('audit.f.earned', 'number'),
  possible: f('audit.f.possible', 'number'),
  flagged: f('audit.f.flagged', 'code'),
  version: f('audit.f.version', 'number'),
  nodes: f('audit.f.nodes', 'number'),
  via: f('audit.f.via', 'code'),
  pinned: f('audit.f.pinned', 'ref'),
  settings: f('audit.f.settings', 'count'),
  ladder: f('audit.f.ladder', 'list'),
  edited: f('audit.f.edited', 'fieldList'),
  replied: f('audit.f.replied', 'bool'),
  fields: f('audit.f.fields', 'fieldList'),
  title: f('audit.f.title'),
  body: f('audit.f.body', 'count'),
  addressee: f('audit.f.addressee'),
  replyDeadline: f('audit.f.replyDeadline', 'time'),
  caseIds: f('audit.f.caseIds', 'count'),
  class: f('audit.f.class', 'categoryClass'),
  parentCode: f('audit.f.parentCode'),
  defaultSeverity: f('audit.f.defaultSeverity', 'severity'),
  deadlineRule: f('audit.f.deadlineRule', 'count'),
  defaultUnitCode: f('audit.f.defaultUnitCode'),
  areaRules: f('audit.f.areaRules', 'count'),
  campaign: f('audit.f.campaign'),
  sortOrder: f('audit.f.sortOrder', 'number'),
  lon: f('audit.f.lon', 'number'),
  lat: f('audit.f.lat', 'number'),
  legacyHeadSeq: f('audit.f.legacyHeadSeq', 'number'),
  legacyHeadHash: f('audit.f.legacyHeadHash', 'hash'),
  legacyVerified: f('audit.f.legacyVerified', 'bool'),
  legacyBreak: f('audit.f.legacyBreak', 'object'),
  seq: f('audit.f.seq', 'number'),
};

/**
 * Per-action specs where a field means something else than by default; `null`
 * hides a field (internal detail such as an idempotency key or a digest).
 */
export const AUDIT_ACTION_FIELDS: Partial<Record<string, Record<string, AuditFieldSpec | null>>> = {
  'auth.login_failed': { reason: f('audit.f.reason', 'code') },
  'data.export': {
    what: f('audit.f.exportWhat', 'code'),
    file: f('audit.f.file'),
    query: f('audit.f.exportQuery', 'object'),
    rows: f('audit.f.exportRows', 'number'),
  },
  'case.report': { number: f('audit.f.caseNumber'), from: null, to: f('audit.f.stateTo', 'caseState'), version: null },
  'case.act': {
    number: f('audit.f.caseNumber'),
    from: f('audit.f.stateFrom', 'caseState'),
    to: f('audit.f.stateTo', 'caseState'),
    version: null,
  },
  'case.configure': {
    created: f('audit.f.createdCategory', 'object'),
    changed: f('audit.f.changedCategory', 'object'),
    kind: f('audit.f.dayKind', 'code'),
  },
  'user.roles': { from: f('audit.f.rolesFrom', 'roles'), to: f('audit.f.rolesTo', 'roles') },
  'framework.create': { from: f('audit.f.fromFramework', 'ref') },
  'framework.update': { digest: null },
  'framework.publish': { digest: null },
  'checkpoint.create': { type: f('audit.f.pointType', 'pointType') },
  'checkpoint.import': { via: f('audit.f.via') },
  'inspection.submit': { key: null },
  'letter.draft': { type: f('audit.f.letterType'), unitId: f('audit.f.letterUnit', 'ref') },
  'letter.issue': { number: f('audit.f.letterNumber'), type: f('audit.f.letterType'), unitId: f('audit.f.letterUnit', 'ref') },
  'letter.withdraw': { number: f('audit.f.letterNumber') },
  'letter.sign': { number: f('audit.f.letterNumber') },
  'letter.reply': { number: f('audit.f.letterNumber') },
  'letter.deliver': { number: f('audit.f.letterNumber') },
  'admin_request.create': { kind: f('audit.f.requestKind', 'code'), changes: f('audit.f.changes', 'object') },
  'admin_request.approve': {
    kind: f('audit.f.requestKind', 'code'),
    requestedBy: f('audit.f.requestedBy', 'ref'),
    targetUserId: f('audit.f.targetUser', 'ref'),
  },
  'admin_request.reject': {
    kind: f('audit.f.requestKind', 'code'),
    requestedBy: f('audit.f.requestedBy', 'ref'),
    targetUserId: f('audit.f.targetUser', 'ref'),
  },
  'admin_request.cancel': {
    kind: f('audit.f.requestKind', 'code'),
    requestedBy: f('audit.f.requestedBy', 'ref'),
    targetUserId: f('audit.f.targetUser', 'ref'),
  },
  'admin_request.expire': { kind: f('audit.f.requestKind', 'code') },
};

const TARGET_TYPES = [
  'user',
  'unit',
  'api_token',
  'case',
  'campaign',
  'plan',
  'inspection',
  'framework',
  'letter',
  'checkpoint',
  'category',
  'calendar_day',
  'session',
  'admin_request',
  'export',
] as const;

/** The name of a target type ("unit" → 单位), or a generic word for a type this page does not know. */
export function targetTypeLabel(type: string, c: AuditFormatContext): string {
  return (TARGET_TYPES as readonly string[]).includes(type) ? c.t(`audit.t.${type}` as AuditKey) : c.t('audit.otherTarget');
}

/** The action's name ("letter.issue" → 印发督办函件), or "其他操作 x.y" for an action added later. */
export function actionLabel(action: string, c: AuditFormatContext): string {
  const l = (AUDIT_ACTION_LABELS as Record<string, Label | undefined>)[action];
  return l ? c.label(l) : `${c.t('audit.otherAction')} ${action}`;
}

/** What a record is about, by name: 单位 川汇区城管局, 函件 周创指督〔2026〕3号. */
export function formatTarget(
  r: { targetType: string | null; targetId: string | null; targetLabel?: string | null },
  c: AuditFormatContext,
): string {
  if (!r.targetType) return '';
  const type = targetTypeLabel(r.targetType, c);
  if (r.targetLabel) return `${type} ${r.targetLabel}`;
  if (!r.targetId) return type;
  // Dates and category codes name themselves; an id whose entity is gone says so.
  if (!/^\d+$/.test(r.targetId)) return `${type} ${r.targetId}`;
  // Admin requests have no name of their own: their number is how the approvals page shows them.
  if (r.targetType === 'admin_request') return c.t('audit.numbered', { type, id: r.targetId });
  return c.t('audit.deleted', { type, id: r.targetId });
}

interface Rec {
  action: string;
  summary: unknown;
  refs?: Record<string, string>;
}

function specOf(action: string, key: string): AuditFieldSpec | null | undefined {
  const byAction = AUDIT_ACTION_FIELDS[action];
  if (byAction && key in byAction) return byAction[key];
  return AUDIT_FIELDS[key];
}

function codeLabel(v: string, c: AuditFormatContext): string {
  const key = `audit.v.${v}` as AuditKey;
  const s = c.t(key);
  return s === key ? v : s;
}

function refName(kind: AuditRefKind | null, v: unknown, r: Rec, c: AuditFormatContext): string {
  if (v === null || v === undefined) return c.t('audit.none');
  const name = kind ? r.refs?.[auditRefKey(kind, textOf(v))] : undefined;
  if (name) return name;
  return c.t('audit.deleted', { type: kind ? targetTypeLabel(kind, c) : c.t('audit.otherTarget'), id: textOf(v) });
}

function fieldName(action: string, key: string, c: AuditFormatContext): string | null {
  const spec = specOf(action, key);
  return spec ? c.t(spec.label) : null;
}

function formatValue(action: string, key: string, spec: AuditFieldSpec, v: unknown, r: Rec, c: AuditFormatContext, top: boolean): string {
  const list = (xs: unknown[], each: (x: unknown) => string) => (xs.length ? xs.map(each).join(c.t('audit.listSep')) : c.t('audit.none'));
  switch (spec.format) {
    case 'ref':
      return refName(auditRefKindOf(action, key, top), v, r, c);
    case 'bool':
      return v === null || v === undefined ? c.t('audit.none') : c.t(v ? 'audit.yes' : 'audit.no');
    case 'time':
      return typeof v === 'string' ? c.time(v) : c.t('audit.none');
    case 'unitKind':
      return typeof v === 'string' && (UNIT_KINDS as readonly string[]).includes(v)
        ? c.label(UNIT_KIND_LABELS[v as keyof typeof UNIT_KIND_LABELS])
        : plain(v, c);
    case 'caseState':
      return typeof v === 'string' ? c.label((CASE_STATE_LABELS as Record<string, Label>)[v], v) : c.t('audit.none');
    case 'caseAction':
      return typeof v === 'string' ? c.label((CASE_ACTION_LABELS as Record<string, Label>)[v], v) : plain(v, c);
    case 'pointType':
      return typeof v === 'string' ? c.label((POINT_TYPE_LABELS as Record<string, Label>)[v], v) : plain(v, c);
    case 'categoryClass':
      return typeof v === 'string' ? c.label((CATEGORY_CLASS_LABELS as Record<string, Label>)[v], v) : plain(v, c);
    case 'severity':
      return typeof v === 'string' ? c.label((SEVERITY_LABELS as Record<string, Label>)[v], v) : plain(v, c);
    case 'code':
      return typeof v === 'string' ? codeLabel(v, c) : plain(v, c);
    case 'list':
      return Array.isArray(v) ? list(v, (x) => plain(x, c)) : plain(v, c);
    case 'fieldList':
      return Array.isArray(v) ? list(v, (x) => fieldName(action, String(x), c) ?? String(x)) : plain(v, c);
    case 'permissions':
      return Array.isArray(v) ? list(v, (x) => c.label(PERMISSION_LABELS[x as Permission], String(x))) : plain(v, c);
    case 'alerted':
      return Array.isArray(v)
        ? list(v, (x) => {
            const s = String(x);
            if (s.startsWith('address:')) return c.t('audit.v.alertAddress', { x: s.slice('address:'.length) });
            if (s.startsWith('account:')) return c.t('audit.v.alertAccount', { x: s.slice('account:'.length) });
            return s;
          })
        : plain(v, c);
    case 'roles':
      return Array.isArray(v) ? list(v, (x) => roleText(x, r, c)) : plain(v, c);
    case 'changes':
      return v && typeof v === 'object' ? changesText(action, v as Record<string, unknown>, r, c) : plain(v, c);
    case 'object':
      return v && typeof v === 'object' && !Array.isArray(v)
        ? fieldsText(action, v as Record<string, unknown>, r, c, false, c.t('audit.partSep'))
        : plain(v, c);
    case 'count':
      if (Array.isArray(v)) return String(v.length);
      if (v && typeof v === 'object') return c.t('audit.v.settingsChanged', { n: Object.keys(v).length });
      return plain(v, c);
    case 'hash':
      return typeof v === 'string' ? `${v.slice(0, 12)}…` : plain(v, c);
    default:
      return plain(v, c);
  }
}

/** A role grant: `{ role, unitId }` or the CLI's `role@unitCode`. */
function roleText(x: unknown, r: Rec, c: AuditFormatContext): string {
  if (typeof x === 'string') {
    const [role, at] = x.split('@');
    const name = (ROLES as readonly string[]).includes(role!) ? c.label(ROLE_LABELS[role as Role]) : role!;
    return at ? `${name}@${at}` : name;
  }
  if (x && typeof x === 'object') {
    const g = x as { role?: unknown; unitId?: unknown };
    const name =
      typeof g.role === 'string' && (ROLES as readonly string[]).includes(g.role)
        ? c.label(ROLE_LABELS[g.role as Role])
        : textOf(g.role ?? '');
    return g.unitId !== undefined ? `${name}（${refName('unit', g.unitId, r, c)}）` : name;
  }
  return String(x);
}

function changesText(action: string, changes: Record<string, unknown>, r: Rec, c: AuditFormatContext): string {
  const parts: string[] = [];
  let unknown = 0;
  for (const [k, ch] of Object.entries(changes)) {
    const spec = specOf(action, k);
    if (!spec) {
      unknown += 1;
      continue;
    }
    const { from, to } = (ch ?? {}) as { from?: unknown; to?: unknown };
    parts.push(
      `${c.t(spec.label)} ${formatValue(action, k, spec, from, r, c, false)}${c.t('audit.arrow')}${formatValue(action, k, spec, to, r, c, false)}`,
    );
  }
  if (unknown) parts.push(c.t('audit.moreFields', { n: unknown }));
  return parts.join(c.t('audit.partSep'));
}

function plain(v: unknown, c: AuditFormatContext): string {
  if (v === null || v === undefined || v === '') return c.t('audit.none');
  if (typeof v === 'boolean') return c.t(v ? 'audit.yes' : 'audit.no');
  if (Array.isArray(v)) return v.map((x) => plain(x, c)).join(c.t('audit.listSep'));
  // A nested object no spec describes: by size, never by its keys.
  if (typeof v === 'object') return c.t('audit.v.settingsChanged', { n: Object.keys(v).length });
  return textOf(v);
}

function fieldsText(action: string, obj: Record<string, unknown>, r: Rec, c: AuditFormatContext, top: boolean, sep: string): string {
  const parts: string[] = [];
  let unknown = 0;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const spec = top ? specOf(action, k) : AUDIT_FIELDS[k];
    if (spec === null) continue;
    if (!spec) {
      unknown += 1;
      continue;
    }
    parts.push(`${c.t(spec.label)}${c.t('audit.colon')}${formatValue(action, k, spec, v, r, c, top)}`);
  }
  if (unknown) parts.push(c.t('audit.moreFields', { n: unknown }));
  return parts.join(sep);
}

/**
 * A record's summary as one line of labelled fields: 文号：周创指督〔2026〕3号；函件类型：督办函；
 * 责任单位：川汇区城管局；案卷数：3；自动印发：是. Fields no spec knows are counted, not shown by key.
 */
export function formatSummary(r: Rec, c: AuditFormatContext): string {
  const v = r.summary;
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object' || Array.isArray(v)) return plain(v, c);
  return fieldsText(r.action, v as Record<string, unknown>, r, c, true, c.t('audit.sep'));
}
