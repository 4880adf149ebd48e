import type { Role, UnitKind } from './enums.js';

/** Chinese and English names of unit kinds, for UI and Excel templates. */
export const UNIT_KIND_LABELS: Record<UnitKind, { zh: string; en: string }> = {
  city: { zh: '市', en: 'City' },
  district: { zh: '区', en: 'District' },
  county: { zh: '县', en: 'County' },
  county_city: { zh: '县级市', en: 'County-level city' },
  dev_zone: { zh: '开发区', en: 'Development zone' },
  street: { zh: '街道', en: 'Subdistrict' },
  town: { zh: '镇', en: 'Town' },
  township: { zh: '乡', en: 'Township' },
  farm: { zh: '农场', en: 'Farm' },
  department: { zh: '市直部门', en: 'City department' },
  hq: { zh: '创建指挥部', en: 'Command HQ' },
  work_team: { zh: '工作专班', en: 'Work team' },
};

/** Chinese and English names of roles. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  hq_dispatcher: { zh: '指挥部受理派遣', en: 'HQ dispatcher' },
  inspector: { zh: '督导员', en: 'Inspector' },
  unit_handler: { zh: '责任单位经办人', en: 'Unit handler' },
  unit_head: { zh: '责任单位负责人', en: 'Unit head' },
  leader: { zh: '市领导', en: 'City leader' },
  project_owner: { zh: '项目单位/专班', en: 'Project owner' },
  citizen: { zh: '市民', en: 'Citizen' },
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '审计管理员', en: 'Auditor' },
};
