import type { SheetSpec } from './workbook.js';

/** The unit import/export template. Documented in docs/IMPORT-TEMPLATES.md. */
export const UNIT_SHEET: SheetSpec = {
  name: { zh: '单位', en: 'Units' },
  columns: [
    {
      key: 'code',
      header: { zh: '编码', en: 'Code' },
      required: true,
      width: 14,
      help: {
        zh: '单位编码，唯一。行政区划用统计用区划代码（如 411602）。1–32 位字母、数字、-、_。',
        en: 'Unit code, unique. Districts use the statistical division code (e.g. 411602). 1–32 letters, digits, - or _.',
      },
    },
    { key: 'name', header: { zh: '名称', en: 'Name' }, required: true, width: 24, help: { zh: '单位名称。', en: 'Unit name.' } },
    {
      key: 'kind',
      header: { zh: '类型', en: 'Kind' },
      required: true,
      width: 14,
      help: {
        zh: '类型：市/区/县/县级市/开发区/街道/镇/乡/农场/市直部门/创建指挥部/工作专班（或英文键 city, district, county…）。',
        en: 'Kind: city, district, county, county_city, dev_zone, street, town, township, farm, department, hq, work_team (or the Chinese name).',
      },
    },
    {
      key: 'parentCode',
      header: { zh: '上级编码', en: 'Parent code' },
      width: 16,
      help: {
        zh: '上级单位编码；市级根单位留空。可引用本文件中的单位，顺序不限。',
        en: 'Code of the parent unit; empty only for the city root. May name a unit of this file, in any order.',
      },
    },
    {
      key: 'leaderUsername',
      header: { zh: '分管领导账号', en: 'Leader username' },
      width: 22,
      help: { zh: '分管领导的登录账号（须已存在）。', en: 'Username of the leader in charge (must exist).' },
    },
    {
      key: 'sortOrder',
      header: { zh: '排序', en: 'Sort order' },
      width: 10,
      help: { zh: '同级排序，整数，默认 0。', en: 'Order among siblings, an integer, 0 by default.' },
    },
  ],
};

/** The user import/export template. */
export const USER_SHEET: SheetSpec = {
  name: { zh: '用户', en: 'Users' },
  columns: [
    {
      key: 'username',
      header: { zh: '账号', en: 'Username' },
      required: true,
      width: 16,
      help: {
        zh: '登录账号，小写字母、数字、.、_、-，2–64 位，唯一。已存在的账号将被更新。',
        en: 'Login name: lower-case letters, digits, ., _ or -, 2–64 characters, unique. Existing accounts are updated.',
      },
    },
    {
      key: 'displayName',
      header: { zh: '姓名', en: 'Display name' },
      required: true,
      width: 14,
      help: { zh: '姓名。', en: 'Name shown in the app.' },
    },
    {
      key: 'unitCode',
      header: { zh: '所属单位编码', en: 'Unit code' },
      width: 18,
      help: { zh: '所属单位编码（须已存在或在单位表中）。', en: 'Code of the person’s unit (must exist or be in the units sheet).' },
    },
    { key: 'phone', header: { zh: '手机', en: 'Phone' }, width: 16, help: { zh: '手机号码，可空。', en: 'Mobile number, optional.' } },
    { key: 'email', header: { zh: '邮箱', en: 'Email' }, width: 24, help: { zh: '电子邮箱，可空。', en: 'Email address, optional.' } },
    {
      key: 'roles',
      header: { zh: '角色', en: 'Roles' },
      width: 40,
      help: {
        zh: '角色@单位编码，多个用分号分隔，如 "unit_handler@411602; inspector@HQ"。角色可写英文键或中文名。留空表示无角色；已存在账号的角色会被整体替换。',
        en: 'role@unitCode, several separated by ";", e.g. "unit_handler@411602; inspector@HQ". Roles by key or Chinese name. Empty: no roles; an existing account’s roles are replaced as a whole.',
      },
    },
    {
      key: 'password',
      header: { zh: '初始密码', en: 'Initial password' },
      width: 18,
      help: {
        zh: '新账号必填（≥10 位，不得与账号相同，不得为常见密码）；已存在账号必须留空（重置密码由安全管理员操作）。导出时此列为空。',
        en: 'Required for new accounts (≥ 10 characters, not the username, not a common password); must be empty for existing accounts (the security admin resets passwords). Empty in exports.',
      },
    },
  ],
};
