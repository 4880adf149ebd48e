/**
 * Enumerations of the case workflow (DOMAIN.md §3.2), shared by server and web.
 * Each list is defined once here; TypeBox schemas, the domain and the web app
 * all derive from these arrays, so adding a value is a one-line change.
 */

/** A case's life-cycle states. `rejected`, `closed` and `merged` are terminal. */
export const CASE_STATES = [
  'reported', // 上报, waiting for HQ to accept (立案)
  'accepted', // 立案, waiting to be dispatched
  'rejected', // 不予立案 (terminal)
  'dispatched', // 派遣 to a responsible unit, clock running
  'acknowledged', // 签收 by the unit
  'rectified', // 整改 submitted, waiting for on-site verification
  'returned', // 退回 by the unit as not its business, waiting for re-dispatch
  'suspended', // 缓办/挂账: long-term work, parked with a review date
  'closed', // 结案/销号 after verification (terminal)
  'merged', // merged into another case as a duplicate (terminal)
] as const;
/** One of {@link CASE_STATES}. */
export type CaseState = (typeof CASE_STATES)[number];

/**
 * States that end a case's work; every other state is "open". `closed` is final except
 * that HQ may reopen it on the reporter's 不满意 rating (回访, issue 15: verify_reopen).
 */
export const TERMINAL_CASE_STATES: readonly CaseState[] = ['rejected', 'closed', 'merged'];

/** States in which a case still needs work (the complement of the terminal ones). */
export const OPEN_CASE_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !TERMINAL_CASE_STATES.includes(s));

/** Commands a person can issue on a case; each accepted one writes exactly one event. */
export const CASE_ACTIONS = [
  'report',
  'accept',
  'reject',
  'dispatch',
  'redispatch',
  'merge',
  'acknowledge',
  'rectify',
  'return',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'verify_close',
  'verify_reopen',
  'suspend',
  'resume',
] as const;
/** One of {@link CASE_ACTIONS}. */
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Where a case came from. */
export const CASE_SOURCES = ['inspection', 'citizen', 'hotline', 'video', 'higher_level', 'project_obstacle'] as const;
/** One of {@link CASE_SOURCES}. */
export type CaseSource = (typeof CASE_SOURCES)[number];

/** How serious a problem is; drives the default deadline rule. Most severe first. */
export const SEVERITIES = ['urgent', 'major', 'normal', 'minor'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** The two classes of 数字化城管 categories: 部件 (components) and 事件 (events). */
export const CATEGORY_CLASSES = ['component', 'event'] as const;
/** One of {@link CATEGORY_CLASSES}. */
export type CategoryClass = (typeof CATEGORY_CLASSES)[number];

/** Chinese and English names of case states. */
export const CASE_STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  reported: { zh: '已上报', en: 'Reported' },
  accepted: { zh: '已立案', en: 'Accepted' },
  rejected: { zh: '不予立案', en: 'Rejected' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  acknowledged: { zh: '已签收', en: 'Acknowledged' },
  rectified: { zh: '已整改待核查', en: 'Rectified' },
  returned: { zh: '已退回', en: 'Returned' },
  suspended: { zh: '缓办', en: 'Suspended' },
  closed: { zh: '已结案', en: 'Closed' },
  merged: { zh: '已合并', en: 'Merged' },
};

/** Chinese and English names of case actions (button captions and timeline entries). */
export const CASE_ACTION_LABELS: Record<CaseAction, { zh: string; en: string }> = {
  report: { zh: '上报', en: 'Report' },
  accept: { zh: '立案', en: 'Accept' },
  reject: { zh: '不予立案', en: 'Reject' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  redispatch: { zh: '重新派遣', en: 'Re-dispatch' },
  merge: { zh: '合并', en: 'Merge' },
  acknowledge: { zh: '签收', en: 'Acknowledge' },
  rectify: { zh: '整改反馈', en: 'Submit rectification' },
  return: { zh: '退回', en: 'Return' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  deny_extension: { zh: '驳回延期', en: 'Deny extension' },
  verify_close: { zh: '核查结案', en: 'Verify and close' },
  verify_reopen: { zh: '核查返工', en: 'Verify and reopen' },
  suspend: { zh: '缓办', en: 'Suspend' },
  resume: { zh: '恢复办理', en: 'Resume' },
};

/** Chinese and English names of case sources. */
export const CASE_SOURCE_LABELS: Record<CaseSource, { zh: string; en: string }> = {
  inspection: { zh: '督导巡查', en: 'Inspection' },
  citizen: { zh: '市民上报', en: 'Citizen report' },
  hotline: { zh: '12345热线', en: 'Hotline' },
  video: { zh: '视频发现', en: 'Video surveillance' },
  higher_level: { zh: '上级交办', en: 'Higher-level assignment' },
  project_obstacle: { zh: '项目堵点', en: 'Project obstacle' },
};

/** Chinese and English names of severities. */
export const SEVERITY_LABELS: Record<Severity, { zh: string; en: string }> = {
  urgent: { zh: '紧急', en: 'Urgent' },
  major: { zh: '重要', en: 'Major' },
  normal: { zh: '一般', en: 'Normal' },
  minor: { zh: '轻微', en: 'Minor' },
};

/** Chinese and English names of category classes. */
export const CATEGORY_CLASS_LABELS: Record<CategoryClass, { zh: string; en: string }> = {
  component: { zh: '部件', en: 'Component' },
  event: { zh: '事件', en: 'Event' },
};

/**
 * Who did something on a case, as a reporter without staff rights is told it: a role or
 * unit label instead of a staff member's name (a citizen learns what happened, not who).
 */
export const EVENT_ACTOR_KINDS = ['reporter', 'center', 'unit', 'verifier', 'system'] as const;
/** One of {@link EVENT_ACTOR_KINDS}. */
export type EventActorKind = (typeof EVENT_ACTOR_KINDS)[number];

/** Chinese and English names of {@link EVENT_ACTOR_KINDS}. */
export const EVENT_ACTOR_LABELS: Record<EventActorKind, { zh: string; en: string }> = {
  reporter: { zh: '本人', en: 'You' },
  center: { zh: '指挥中心', en: 'Command centre' },
  unit: { zh: '责任单位', en: 'Responsible unit' },
  verifier: { zh: '核查人员', en: 'Verifier' },
  system: { zh: '系统', en: 'System' },
};

/** How a deadline a case had ended: met, missed, still running (open), or replaced before it came due (superseded). */
export const DEADLINE_OUTCOMES = ['met', 'missed', 'open', 'superseded'] as const;
/** One of {@link DEADLINE_OUTCOMES}. */
export type DeadlineOutcome = (typeof DEADLINE_OUTCOMES)[number];

/** Variants of a case photo: the original (officials), a public copy with metadata stripped, a thumbnail. */
export const FILE_VARIANTS = ['original', 'public', 'thumb'] as const;
/** One of {@link FILE_VARIANTS}. */
export type FileVariant = (typeof FILE_VARIANTS)[number];

/** Periods the dashboards summarise: the current week (Monday–Sunday, China time) or month. */
export const DASHBOARD_PERIODS = ['week', 'month'] as const;
/** One of {@link DASHBOARD_PERIODS}. */
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];
