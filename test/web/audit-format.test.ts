import { describe, expect, it } from 'vitest';
import { actionLabel, formatSummary, formatTarget, type AuditFormatContext } from '../../web/src/features/audit/audit-format.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import { enUS } from '../../web/src/i18n/en-US.js';
import { AUDIT_ACTIONS } from '../../src/shared/enums.js';

function ctx(locale: 'zh' | 'en'): AuditFormatContext {
  const dict = (locale === 'zh' ? zhCN : enUS) as Record<string, string>;
  return {
    t: (key, vars) => {
      const s = dict[key] ?? key;
      return vars ? s.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m)) : s;
    },
    label: (l, fallback = '') => (l ? l[locale] : fallback),
    time: (iso) => iso.slice(0, 16).replace('T', ' '),
  };
}

const refs = {
  'unit:224': '川汇区城管局',
  'unit:1': '周口市',
  'unit:3': '淮阳区',
  'letter:17': '周创指督〔2026〕3号',
  'user:5': '王调度',
  'framework:2': '2026 测评体系 v1',
  'framework:1': '2025 测评体系 v3',
  'case:8': 'ZK2026000123',
};

/** One summary per action as the services write them (src/services/*: audit.record calls). */
const SAMPLES: { action: string; targetType?: string; targetId?: string; summary: unknown }[] = [
  { action: 'auth.login', targetType: 'user', targetId: '5', summary: {} },
  {
    action: 'admin_request.create',
    targetType: 'admin_request',
    targetId: '3',
    summary: { kind: 'roles', username: 'wang', roles: [{ role: 'auditor', unitId: 1 }] },
  },
  {
    action: 'admin_request.create',
    targetType: 'admin_request',
    targetId: '4',
    summary: { kind: 'deactivate', username: 'wang', changes: { active: false } },
  },
  {
    action: 'admin_request.approve',
    targetType: 'admin_request',
    targetId: '3',
    summary: { kind: 'roles', requestedBy: 5, targetUserId: 5 },
  },
  {
    action: 'admin_request.reject',
    targetType: 'admin_request',
    targetId: '3',
    summary: { kind: 'password', requestedBy: 5, targetUserId: 5 },
  },
  {
    action: 'admin_request.cancel',
    targetType: 'admin_request',
    targetId: '3',
    summary: { kind: 'lock', requestedBy: 5, targetUserId: 5 },
  },
  {
    action: 'admin_request.expire',
    targetType: 'admin_request',
    targetId: '3',
    summary: { kind: 'unlock', expiresAt: '2026-12-08T02:00:00.000Z' },
  },
  {
    action: 'auth.login_failed',
    targetType: 'user',
    targetId: '5',
    summary: { reason: 'bad_password', alerted: ['address:10.0.0.1', 'account:wang'] },
  },
  { action: 'auth.login_failed', summary: { reason: 'rate_limited', limit: 'account_address', alerted: [] } },
  { action: 'auth.logout', targetType: 'user', targetId: '5', summary: {} },
  { action: 'auth.logout_all', targetType: 'user', targetId: '5', summary: { sessions: 2, tokens: 1 } },
  {
    action: 'unit.create',
    targetType: 'unit',
    targetId: '224',
    summary: { code: 'D-CGJ', name: '川汇区城管局', kind: 'department', parentId: 1 },
  },
  {
    action: 'unit.update',
    targetType: 'unit',
    targetId: '224',
    summary: {
      code: 'D-CGJ',
      changes: {
        name: { from: '旧名', to: '新名' },
        parentId: { from: 1, to: 3 },
        kind: { from: 'department', to: 'district' },
        leaderUserId: { from: null, to: 5 },
      },
    },
  },
  { action: 'unit.delete', targetType: 'unit', targetId: '999', summary: { code: 'X', name: '已撤销单位' } },
  { action: 'unit.import', targetType: 'unit', summary: { rows: 12, created: 3, updated: 9 } },
  {
    action: 'user.create',
    targetType: 'user',
    targetId: '5',
    summary: { username: 'wang', unitId: 224, roles: [{ role: 'hq_dispatcher', unitId: 1 }] },
  },
  { action: 'user.create', targetType: 'user', targetId: '5', summary: { username: 'wang', roles: ['sysadmin@411600'] } },
  {
    action: 'user.update',
    targetType: 'user',
    targetId: '5',
    summary: {
      username: 'wang',
      changes: { displayName: { from: '王', to: '王调度' }, unitId: { from: 1, to: 224 }, active: { from: 1, to: false } },
    },
  },
  {
    action: 'user.roles',
    targetType: 'user',
    targetId: '5',
    summary: { username: 'wang', from: [{ role: 'auditor', unitId: 1 }], to: [{ role: 'unit_handler', unitId: 224 }] },
  },
  { action: 'user.password', targetType: 'user', targetId: '5', summary: { username: 'wang' } },
  { action: 'user.lock', targetType: 'user', targetId: '5', summary: { username: 'wang' } },
  { action: 'user.unlock', targetType: 'user', targetId: '5', summary: { username: 'wang' } },
  { action: 'user.import', targetType: 'user', summary: { rows: 4, created: 4, updated: 0 } },
  {
    action: 'token.create',
    targetType: 'api_token',
    targetId: '3',
    summary: { name: '数据接口', prefix: 'ddt_ab12', scopes: ['case.read', 'audit.read'], expiresAt: '2026-06-01T00:00:00.000Z' },
  },
  { action: 'token.revoke', targetType: 'api_token', targetId: '3', summary: {} },
  { action: 'demo.load', summary: { units: 257, users: 18, reset: false } },
  {
    action: 'case.report',
    targetType: 'case',
    targetId: '8',
    summary: { number: 'ZK2026000123', action: 'report', from: null, to: 'reported', version: 1 },
  },
  {
    action: 'case.act',
    targetType: 'case',
    targetId: '8',
    summary: { number: 'ZK2026000123', action: 'dispatch', from: 'accepted', to: 'dispatched', version: 3 },
  },
  {
    action: 'case.configure',
    targetType: 'category',
    targetId: 'E01-01',
    summary: {
      created: {
        code: 'E01-01',
        name: '暴露垃圾',
        class: 'event',
        parentCode: 'E01',
        defaultSeverity: 'normal',
        defaultUnitCode: 'D-CGJ',
        areaRules: { a: 'b' },
      },
    },
  },
  { action: 'case.configure', targetType: 'category', targetId: 'E01-01', summary: { changed: { name: '暴露垃圾', active: false } } },
  { action: 'case.configure', targetType: 'calendar_day', targetId: '2026-05-01', summary: { kind: 'holiday', note: '劳动节' } },
  { action: 'framework.create', targetType: 'framework', targetId: '2', summary: { name: '2026 测评体系', version: 1, nodes: 120 } },
  { action: 'framework.create', targetType: 'framework', targetId: '2', summary: { name: '2026 测评体系', version: 2, from: 1 } },
  { action: 'framework.update', targetType: 'framework', targetId: '2', summary: { via: 'import', nodes: 121, digest: 'abc' } },
  { action: 'framework.publish', targetType: 'framework', targetId: '2', summary: { name: '2026 测评体系', version: 1, digest: 'abc' } },
  { action: 'campaign.create', targetType: 'campaign', targetId: '1', summary: { name: '2026 创文', pinned: 2 } },
  {
    action: 'campaign.update',
    targetType: 'campaign',
    targetId: '1',
    summary: { name: '2026 创文', pinned: 2, settings: { sampleSize: 3, weights: { a: 1 } } },
  },
  { action: 'campaign.update', targetType: 'campaign', targetId: '1', summary: { ladder: ['1:提醒函', '2:督办函'] } },
  { action: 'letter.draft', targetType: 'letter', targetId: '17', summary: { type: '督办函', unitId: 224, cases: 3 } },
  { action: 'letter.draft', targetType: 'letter', targetId: '17', summary: { edited: ['title', 'body', 'replyDeadline'] } },
  {
    action: 'letter.issue',
    targetType: 'letter',
    targetId: '17',
    summary: { number: '周创指督〔2026〕3号', type: '督办函', unitId: 224, cases: 3, auto: true },
  },
  { action: 'letter.withdraw', targetType: 'letter', targetId: '17', summary: { number: '周创指督〔2026〕3号', reason: '误发' } },
  { action: 'letter.sign', targetType: 'letter', targetId: '17', summary: { number: '周创指督〔2026〕3号', replied: false } },
  { action: 'letter.reply', targetType: 'letter', targetId: '17', summary: { number: '周创指督〔2026〕3号' } },
  { action: 'letter.deliver', targetType: 'letter', targetId: '17', summary: { number: '周创指督〔2026〕3号' } },
  { action: 'escalation.sweep', summary: {} },
  { action: 'checkpoint.create', targetType: 'checkpoint', targetId: '4', summary: { code: 'P-001', type: 'bus_stop' } },
  { action: 'checkpoint.update', targetType: 'checkpoint', targetId: '4', summary: { fields: ['lat', 'lon', 'name'] } },
  { action: 'checkpoint.import', targetType: 'checkpoint', summary: { via: '点位', created: 10, updated: 2 } },
  {
    action: 'plan.create',
    targetType: 'plan',
    targetId: '6',
    summary: { name: '第一轮', seed: 42, targetCount: 30, points: 30, forced: 4 },
  },
  {
    action: 'inspection.submit',
    targetType: 'inspection',
    targetId: '9',
    summary: { key: '7c9e6679-7425-40de-944b-e07fc1f90ae7', point: 'P-001', earned: 8, possible: 10, flagged: 'far' },
  },
  { action: 'data.export', targetType: 'export', summary: { what: 'users', file: '用户.xlsx', query: {} } },
  {
    action: 'data.export',
    targetType: 'export',
    summary: { what: 'cases', file: '案卷-2026-12-07.xlsx', query: { unitId: 224 }, rows: 12 },
  },
  {
    action: 'audit.rekey',
    summary: {
      legacyHeadSeq: 1906,
      legacyHeadHash: 'a'.repeat(64),
      legacyVerified: false,
      legacyBreak: { seq: 1000, reason: 'hash_mismatch' },
    },
  },
];

// A raw key is an ASCII identifier followed by a colon (`unitId: 224`, `type: 督办函`).
const RAW_KEY = /\b[A-Za-z_][A-Za-z0-9_]*\s*[:：]/;

function keysOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keysOf);
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [k, ...keysOf(x)]);
}

describe('audit summaries read as labelled fields, not keys', () => {
  it('the samples cover the audit actions (those of issue 11 at the time of writing) and name only real ones', () => {
    const sampled = new Set(SAMPLES.map((s) => s.action));
    for (const a of sampled) expect(AUDIT_ACTIONS as readonly string[]).toContain(a);
    // Actions added later need a sample here too; until then they are at least named in words.
    const missing = AUDIT_ACTIONS.filter((a) => !sampled.has(a));
    for (const a of missing) expect(actionLabel(a, ctx('zh'))).not.toContain(a);
    expect(sampled.size).toBeGreaterThanOrEqual(39);
  });

  for (const locale of ['zh', 'en'] as const) {
    it(`no raw keys, no "#id" in ${locale}`, () => {
      const c = ctx(locale);
      for (const s of SAMPLES) {
        const r = {
          ...s,
          targetType: s.targetType ?? null,
          targetId: s.targetId ?? null,
          targetLabel: s.targetId ? (refs[`${s.targetType}:${s.targetId}` as keyof typeof refs] ?? null) : null,
          refs,
        };
        const text = `${actionLabel(s.action, c)} ${formatTarget(r, c)} ${formatSummary(r, c)}`;
        // English labels are words too ("Reason: …"); what must not show is the summary's own keys.
        if (locale === 'zh') expect(text, `${s.action} ${JSON.stringify(s.summary)}`).not.toMatch(RAW_KEY);
        const summary = formatSummary(r, c);
        for (const k of keysOf(s.summary)) expect(summary, `${s.action}: ${k}`).not.toMatch(new RegExp(`(^|[;；,，(（]\\s*)${k}\\s*[:：]`));
        expect(text).not.toContain('#');
        expect(text).not.toMatch(/\[object Object\]|undefined/);
        if (locale === 'zh') expect(actionLabel(s.action, c)).toMatch(/[\u4e00-\u9fff]/);
      }
    });
  }

  it('letter.issue from the issue: 文号, 函件类型, the unit by name, 案卷数, 自动印发', () => {
    const r = {
      action: 'letter.issue',
      targetType: 'letter',
      targetId: '17',
      targetLabel: '周创指督〔2026〕3号',
      refs,
      summary: { number: '周创指督〔2026〕3号', type: '督办函', unitId: 224, cases: 3, auto: true },
    };
    expect(formatSummary(r, ctx('zh'))).toBe(
      '文号：周创指督〔2026〕3号；函件类型：督办函；责任单位：川汇区城管局；案卷数：3；自动印发：是',
    );
    expect(formatTarget(r, ctx('zh'))).toBe('函件 周创指督〔2026〕3号');
    expect(formatSummary(r, ctx('en'))).toBe(
      'Number: 周创指督〔2026〕3号; Letter type: 督办函; Responsible unit: 川汇区城管局; Cases: 3; Automatic: yes',
    );
  });

  it('names changes, roles and states; ids of entities that are gone say so', () => {
    const c = ctx('zh');
    expect(
      formatSummary(
        {
          action: 'user.roles',
          refs,
          summary: { username: 'wang', from: [{ role: 'auditor', unitId: 1 }], to: [{ role: 'unit_handler', unitId: 224 }] },
        },
        c,
      ),
    ).toBe('账号：wang；原角色：审计管理员（周口市）；新角色：责任单位经办人（川汇区城管局）');
    expect(
      formatSummary(
        { action: 'case.act', refs, summary: { number: 'ZK1', action: 'dispatch', from: 'accepted', to: 'dispatched', version: 3 } },
        c,
      ),
    ).toBe('案卷号：ZK1；动作：派遣；原状态：已立案；新状态：已派遣');
    expect(formatSummary({ action: 'unit.create', refs: {}, summary: { code: 'X', name: 'Y', kind: 'department', parentId: 77 } }, c)).toBe(
      '代码：X；名称：Y；类型：市直部门；上级单位：单位 77（已不存在）',
    );
    expect(formatTarget({ targetType: 'unit', targetId: '77', targetLabel: null }, c)).toBe('单位 77（已不存在）');
  });

  it('an action or field added later still reads: a generic label, fields counted', () => {
    const c = ctx('zh');
    expect(actionLabel('future.thing', c)).toBe('其他操作 future.thing');
    expect(formatSummary({ action: 'future.thing', refs: {}, summary: { requestId: 3, unitId: 224 } }, c)).toBe(
      '单位：单位 224（已不存在）；另 1 项',
    );
    expect(formatTarget({ targetType: 'future_thing', targetId: '3', targetLabel: null }, c)).toBe('对象 3（已不存在）');
  });

  it('admin requests of 三员分立 read in words', () => {
    const c = ctx('zh');
    expect(actionLabel('admin_request.approve', c)).toBe('批准管理员变更');
    expect(
      formatSummary({ action: 'admin_request.approve', refs, summary: { kind: 'password', requestedBy: 5, targetUserId: 5 } }, c),
    ).toBe('变更类型：重置密码；申请人：王调度；涉及账号：王调度');
    expect(formatTarget({ targetType: 'admin_request', targetId: '3', targetLabel: null }, c)).toBe('管理员变更申请 第 3 号');
  });

  it('an export reads as what was taken, the file, the filters and the rows', () => {
    const r = {
      action: 'data.export',
      targetType: 'export',
      targetId: null,
      summary: { what: 'cases', file: '案卷-2026-12-07.xlsx', query: { unitId: 224 }, rows: 12 },
      refs,
    };
    expect(formatSummary(r as never, ctx('zh'))).toBe('数据：案卷；文件：案卷-2026-12-07.xlsx；筛选条件：单位：川汇区城管局；行数：12');
    expect(formatSummary(r as never, ctx('en'))).toBe('Data: Cases; File: 案卷-2026-12-07.xlsx; Filters: Unit: 川汇区城管局; Rows: 12');
    expect(formatTarget(r as never, ctx('zh'))).toBe('导出文件');
  });
});
