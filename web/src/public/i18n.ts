/**
 * The citizens' pages' words: Chinese by default, English on request (kept in
 * localStorage). A plain dictionary, not the staff app's i18n, to keep the entry small.
 */
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';

const zh = {
  appTitle: '市民随手拍',
  navReport: '我要上报',
  navTrack: '进度查询',
  navMap: '问题地图',
  switchLang: 'English',
  loading: '加载中…',
  retry: '重试',
  paused: '暂停受理',
  category: '问题类别',
  chooseCategory: '请选择类别',
  noCategories: '暂未开放市民上报的问题类别，请拨打12345热线反映问题。',
  description: '问题描述',
  descriptionHint: '请描述问题和具体位置，例如：七一路与中华路路口东侧人行道井盖缺失',
  photos: '现场照片',
  photosHint: '1–{n} 张，可直接拍照',
  addPhoto: '拍照 / 选择照片',
  removePhoto: '删除',
  location: '问题位置',
  useMyPosition: '使用我的当前位置',
  locating: '正在定位…',
  pickOnMap: '或在地图上点选位置',
  picked: '已选位置：{lon}, {lat}',
  noPoint: '尚未选择位置',
  outsideCity: '该位置不在本市范围内，请在地图上点选',
  geoFailed: '无法获取当前位置，请在地图上点选',
  address: '地址或地标（选填）',
  addressLabel: '地址',
  zoomIn: '放大',
  zoomOut: '缩小',
  positionPrivate: '不公开我上报的精确位置',
  contactTitle: '联系方式（选填）',
  name: '姓名',
  phone: '手机号',
  consent: '我同意工作人员为核实和反馈本问题使用上述联系方式，联系方式不会公开。',
  needConsent: '填写了姓名或手机号时，请勾选同意',
  needCategory: '请选择问题类别',
  needDescription: '请填写问题描述',
  needPhoto: '请至少添加一张照片',
  needPoint: '请选择问题位置',
  tooManyPhotos: '最多 {n} 张照片',
  submit: '提交上报',
  working: '正在进行安全校验… {p}',
  sending: '正在提交…',
  waitSeconds: '请在 {s}后再试',
  seconds: '{n} 秒',
  minutes: '{n} 分钟',
  dupTitle: '附近已有相似问题',
  dupIntro: '以下问题可能与您要上报的是同一个。如果是，请点“我也遇到”，帮助我们加快处理。',
  dupDistance: '相距约 {m} 米',
  dupPlusOnes: '{n} 人也遇到',
  metoo: '我也遇到',
  metooPhoto: '补充照片（选填）',
  metooDone: '已记录，感谢您的反馈！目前共有 {n} 人遇到此问题。',
  notSame: '不是同一个问题，继续上报',
  doneTitle: '上报成功',
  caseNumber: '问题编号',
  followLink: '您的专属查询链接',
  saveLink: '请保存此链接：凭此链接可查询处理进度并评价处理结果，链接不会再次显示。',
  copy: '复制链接',
  copied: '已复制',
  openLink: '打开查询页面',
  another: '再报一个问题',
  trackTitle: '进度查询',
  lookupNumber: '问题编号（如 2026-000123）',
  lookupToken: '查询码（上报链接中 t= 后面的部分，选填）',
  lookup: '查询',
  badNumber: '编号格式应为 年份-6位数字，例如 2026-000123',
  useLink: '请使用上报时获得的链接查询',
  notFound: '未找到该问题',
  reportedAt: '上报时间',
  stage: '当前进度',
  unit: '责任单位',
  deadline: '处理期限',
  closedAt: '办结时间',
  closingNote: '办结说明',
  timeline: '处理过程',
  before: '处理前',
  after: '处理后',
  plusOnes: '{n} 人也遇到此问题',
  minimalNote: '仅显示公开信息。使用上报时获得的链接可查看完整进度。',
  positionCoarse: '位置（大致）',
  rateTitle: '请评价处理结果',
  comment: '意见或建议（选填）',
  rateSubmit: '提交评价',
  needRating: '请选择满意程度',
  ratedTitle: '您的评价',
  ratedAt: '评价时间',
  sentToHq: '您的不满意评价已提交督查部门，将进行复核，必要时重新交办。',
  thanks: '感谢您的评价！',
  mapTitle: '近期问题分布',
  mapOff: '问题地图暂未开放',
  mapEmpty: '近期暂无公开的问题',
  mapNote: '位置为大致位置',
  cluster: '{n} 个问题',
  networkError: '网络连接失败，请检查网络后重试',
};

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appTitle: 'Report a city problem',
  navReport: 'Report',
  navTrack: 'Track',
  navMap: 'Map',
  switchLang: '中文',
  loading: 'Loading…',
  retry: 'Retry',
  paused: 'Paused',
  category: 'Category',
  chooseCategory: 'Choose a category',
  noCategories: 'No categories are open to public reports yet; please call the 12345 hotline.',
  description: 'Description',
  descriptionHint: 'What is the problem and exactly where, e.g. missing manhole cover on the east pavement of Qiyi Road',
  photos: 'Photos',
  photosHint: '1–{n}, you may take them now',
  addPhoto: 'Take / choose a photo',
  removePhoto: 'Remove',
  location: 'Location',
  useMyPosition: 'Use my current position',
  locating: 'Locating…',
  pickOnMap: 'or tap the map',
  picked: 'Chosen: {lon}, {lat}',
  noPoint: 'No location yet',
  outsideCity: 'That point is outside the city; please tap the map',
  geoFailed: 'Could not get your position; please tap the map',
  address: 'Address or landmark (optional)',
  addressLabel: 'Address',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  positionPrivate: 'Do not publish the exact position',
  contactTitle: 'Contact (optional)',
  name: 'Name',
  phone: 'Mobile phone',
  consent: 'Staff may use this contact to check and answer this report; it is never published.',
  needConsent: 'Please tick the consent box when you give a name or phone',
  needCategory: 'Please choose a category',
  needDescription: 'Please describe the problem',
  needPhoto: 'Please add at least one photo',
  needPoint: 'Please choose the location',
  tooManyPhotos: 'At most {n} photos',
  submit: 'Send report',
  working: 'Security check… {p}',
  sending: 'Sending…',
  waitSeconds: 'please try again in {s}',
  seconds: '{n} s',
  minutes: '{n} min',
  dupTitle: 'Similar problems nearby',
  dupIntro: 'These may be the problem you are reporting. If so, tap "Me too" to help us act sooner.',
  dupDistance: 'about {m} m away',
  dupPlusOnes: '{n} others too',
  metoo: 'Me too',
  metooPhoto: 'Add a photo (optional)',
  metooDone: 'Recorded, thank you! {n} people have reported this.',
  notSame: 'Not the same problem, report anyway',
  doneTitle: 'Report received',
  caseNumber: 'Case number',
  followLink: 'Your private follow-up link',
  saveLink: 'Keep this link: it shows the progress and lets you rate the result. It will not be shown again.',
  copy: 'Copy link',
  copied: 'Copied',
  openLink: 'Open the tracking page',
  another: 'Report another problem',
  trackTitle: 'Track a report',
  lookupNumber: 'Case number (e.g. 2026-000123)',
  lookupToken: 'Code (the part after t= in your link, optional)',
  lookup: 'Look up',
  badNumber: 'A case number looks like 2026-000123',
  useLink: 'Please use the link you got when you reported',
  notFound: 'No such case',
  reportedAt: 'Reported',
  stage: 'Progress',
  unit: 'Responsible unit',
  deadline: 'Deadline',
  closedAt: 'Resolved at',
  closingNote: 'Closing note',
  timeline: 'History',
  before: 'Before',
  after: 'After',
  plusOnes: '{n} others reported this too',
  minimalNote: 'Public information only. Your follow-up link shows the full progress.',
  positionCoarse: 'Position (approximate)',
  rateTitle: 'How satisfied are you with the result?',
  comment: 'Comment (optional)',
  rateSubmit: 'Send rating',
  needRating: 'Please choose a rating',
  ratedTitle: 'Your rating',
  ratedAt: 'Rated',
  sentToHq: 'Your rating has been sent to the supervision office, which will review it and may reopen the case.',
  thanks: 'Thank you for your rating!',
  mapTitle: 'Recent reports',
  mapOff: 'The public map is not available',
  mapEmpty: 'No public reports recently',
  mapNote: 'Positions are approximate',
  cluster: '{n} reports',
  networkError: 'Network error; check your connection and retry',
};

const LANG_KEY = 'dudao.public.lang';

/** The stored language, Chinese unless the citizen chose English. */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Remembers the choice and sets <html lang> (the API client sends it as Accept-Language). */
export function storeLang(lang: Lang): void {
  document.documentElement.lang = lang === 'en' ? 'en-US' : 'zh-CN';
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** A translator for one language: `t(key, { n: 3 })` fills `{n}`. */
export function translator(lang: Lang) {
  const dict: Record<Key, string> = lang === 'en' ? en : zh;
  return (key: Key, vars?: Record<string, string | number>): string =>
    dict[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
}

export type T = ReturnType<typeof translator>;

export const LangContext = createContext<{ lang: Lang; t: T }>({ lang: 'zh', t: translator('zh') });

/** The current language and translator. */
export const useT = () => useContext(LangContext);

/** Beijing time `YYYY-MM-DD HH:mm` of an instant (China keeps UTC+8 without DST); '' for none. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
