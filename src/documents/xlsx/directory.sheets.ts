import type { SheetSpec } from './workbook.js';

/** The unit import/export template. Documented in docs/IMPORT-TEMPLATES.md. */
export const UNIT_SHEET: SheetSpec = {
  name: '单位',
  columns: [
    { key: 'code', header: '编码 code', required: true, width: 14, help: '单位编码，唯一。行政区划用统计用区划代码（如 411602）。1–32 位字母、数字、-、_。Unit code, unique.' },
    { key: 'name', header: '名称 name', required: true, width: 24, help: '单位名称。Unit name.' },
    { key: 'kind', header: '类型 kind', required: true, width: 14, help: '类型：市/区/县/县级市/开发区/街道/镇/乡/农场/市直部门/创建指挥部/工作专班（或英文键 city, district, county, county_city, dev_zone, street, town, township, farm, department, hq, work_team）。' },
    { key: 'parentCode', header: '上级编码 parentCode', width: 16, help: '上级单位编码；市级根单位留空。可引用本文件中的单位，顺序不限。Parent unit code; empty only for the city root.' },
    { key: 'leaderUsername', header: '分管领导账号 leaderUsername', width: 22, help: '分管领导的登录账号（须已存在）。Username of the leader in charge (must exist).' },
    { key: 'sortOrder', header: '排序 sortOrder', width: 10, help: '同级排序，整数，默认 0。Order among siblings.' },
  ],
};

/** The user import/export template. */
export const USER_SHEET: SheetSpec = {
  name: '用户',
  columns: [
    { key: 'username', header: '账号 username', required: true, width: 16, help: '登录账号，小写字母、数字、.、_、-，2–64 位，唯一。已存在的账号将被更新。' },
    { key: 'displayName', header: '姓名 displayName', required: true, width: 14, help: '姓名。Display name.' },
    { key: 'unitCode', header: '所属单位编码 unitCode', width: 18, help: '所属单位编码（须已存在或在单位表中）。Unit code of the person.' },
    { key: 'phone', header: '手机 phone', width: 16, help: '手机号码，可空。' },
    { key: 'email', header: '邮箱 email', width: 24, help: '电子邮箱，可空。' },
    { key: 'roles', header: '角色 roles', width: 40, help: '角色@单位编码，多个用分号分隔，如 "unit_handler@411602; inspector@HQ"。角色可写英文键或中文名。留空表示无角色；已存在账号的角色会被整体替换。' },
    { key: 'password', header: '初始密码 password', width: 18, help: '新账号必填（≥10 位，不得与账号相同，不得为常见密码）；已存在账号必须留空（重置密码由安全管理员操作）。导出时此列为空。' },
  ],
};
