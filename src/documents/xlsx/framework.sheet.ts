import type { SheetSpec } from './workbook.js';

/** The evaluation framework (测评体系) import/export template: one row per node. */
export const FRAMEWORK_SHEET: SheetSpec = {
  name: '测评体系',
  columns: [
    { key: 'code', header: '编码 code', required: true, width: 16, help: '节点编码，在本版本内唯一，如 A01、A01.02、A01.02.03、A01.02.03.1。Node code, unique within the version.' },
    { key: 'parentCode', header: '上级编码 parentCode', width: 16, help: '上级节点编码；测评项目留空。指标的上级是测评项目，测评内容的上级是指标，测评标准的上级是测评内容。Parent code; empty for items.' },
    { key: 'level', header: '层级 level', required: true, width: 12, help: '测评项目/指标/测评内容/测评标准（或 item, indicator, content, standard）。' },
    { key: 'name', header: '名称 name', required: true, width: 40, help: '名称或标准内容。Name, or the text of the standard.' },
    { key: 'weight', header: '权重 weight', width: 10, help: '测评项目和指标的权重（同级合计 100），可整体留空。Weight of items and indicators; siblings sum to 100, or leave all empty.' },
    { key: 'method', header: '测评方法 method', width: 12, help: '仅测评标准：实地考察/材料审核/问卷调查/网上申报（或 field, material, survey, online）。' },
    { key: 'points', header: '分值 points', width: 10, help: '仅测评标准：应得分，≥ 0。Standards only: full points.' },
    { key: 'pointTypes', header: '点位类型 pointTypes', width: 40, help: '仅测评标准：适用的点位类型，分号分隔，可写英文代码或中文名称（如 "公园; 社区"）。Standards only: point types, ; separated.' },
    { key: 'passRule', header: '评分规则 passRule', width: 12, help: '仅测评标准：达标制 binary（默认）或 评分制 scored（0 至分值之间打分）。' },
  ],
};

/** The check point registry import template. */
export const CHECKPOINT_SHEET: SheetSpec = {
  name: '点位',
  columns: [
    { key: 'code', header: '编码 code', required: true, width: 16, help: '点位编码，唯一；已存在的编码将被更新。Check point code.' },
    { key: 'name', header: '名称 name', required: true, width: 30, help: '点位名称。' },
    { key: 'type', header: '类型 type', required: true, width: 18, help: '点位类型：中文名称或英文代码（如 公园 / park）。' },
    { key: 'address', header: '地址 address', width: 30, help: '地址。' },
    { key: 'lon', header: '经度 lon', width: 12, help: '经度（WGS-84），须在本市范围内；与纬度同时填写或同时留空。' },
    { key: 'lat', header: '纬度 lat', width: 12, help: '纬度（WGS-84）。' },
    { key: 'unitCode', header: '责任单位编码 unitCode', width: 18, help: '责任单位编码（须已存在）。' },
    { key: 'areaCode', header: '所在区域编码 areaCode', width: 18, help: '所在区/街道的单位编码（须已存在），用于按区统计。' },
    { key: 'mustCheck', header: '必查点 mustCheck', width: 10, help: '是/否（或 1/0、true/false）。' },
    { key: 'isNew', header: '新增点 isNew', width: 10, help: '是/否（或 1/0、true/false）。' },
  ],
};
