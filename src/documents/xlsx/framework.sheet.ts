import type { SheetSpec } from './workbook.js';

/** The evaluation framework (测评体系) import/export template: one row per node. */
export const FRAMEWORK_SHEET: SheetSpec = {
  name: { zh: '测评体系', en: 'Framework' },
  columns: [
    {
      key: 'code',
      header: { zh: '编码', en: 'Code' },
      required: true,
      width: 16,
      help: {
        zh: '节点编码，在本版本内唯一，如 A01、A01.02、A01.02.03、A01.02.03.1。',
        en: 'Node code, unique within the version, e.g. A01, A01.02, A01.02.03, A01.02.03.1.',
      },
    },
    {
      key: 'parentCode',
      header: { zh: '上级编码', en: 'Parent code' },
      width: 16,
      help: {
        zh: '上级节点编码；测评项目留空。指标的上级是测评项目，测评内容的上级是指标，测评标准的上级是测评内容。',
        en: 'Parent code; empty for items. An indicator’s parent is an item, a content’s an indicator, a standard’s a content.',
      },
    },
    {
      key: 'level',
      header: { zh: '层级', en: 'Level' },
      required: true,
      width: 12,
      help: {
        zh: '测评项目/指标/测评内容/测评标准（或 item, indicator, content, standard）。',
        en: 'item, indicator, content or standard (or the Chinese name).',
      },
    },
    {
      key: 'name',
      header: { zh: '名称', en: 'Name' },
      required: true,
      width: 40,
      help: { zh: '名称或标准内容。', en: 'Name, or the text of the standard.' },
    },
    {
      key: 'weight',
      header: { zh: '权重', en: 'Weight' },
      width: 10,
      help: {
        zh: '测评项目和指标的权重（同级合计 100），可整体留空。',
        en: 'Weight of items and indicators; siblings sum to 100, or leave all empty.',
      },
    },
    {
      key: 'method',
      header: { zh: '测评方法', en: 'Method' },
      width: 12,
      help: {
        zh: '仅测评标准：实地考察/材料审核/问卷调查/网上申报（或 field, material, survey, online）。',
        en: 'Standards only: field, material, survey or online (or the Chinese name).',
      },
    },
    {
      key: 'points',
      header: { zh: '分值', en: 'Points' },
      width: 10,
      help: { zh: '仅测评标准：应得分，≥ 0。', en: 'Standards only: full points, ≥ 0.' },
    },
    {
      key: 'pointTypes',
      header: { zh: '点位类型', en: 'Point types' },
      width: 40,
      help: {
        zh: '仅测评标准：适用的点位类型，分号分隔，可写英文代码或中文名称（如 "公园; 社区"）。',
        en: 'Standards only: the point types it applies to, separated by ";", by code or Chinese name (e.g. "park; community").',
      },
    },
    {
      key: 'passRule',
      header: { zh: '评分规则', en: 'Pass rule' },
      width: 12,
      help: {
        zh: '仅测评标准：达标制 binary（默认）或 评分制 scored（0 至分值之间打分）。',
        en: 'Standards only: binary (pass/fail, the default) or scored (a score from 0 to the points).',
      },
    },
  ],
};

/** The check point registry import template. */
export const CHECKPOINT_SHEET: SheetSpec = {
  name: { zh: '点位', en: 'Check points' },
  columns: [
    {
      key: 'code',
      header: { zh: '编码', en: 'Code' },
      required: true,
      width: 16,
      help: { zh: '点位编码，唯一；已存在的编码将被更新。', en: 'Check point code, unique; existing codes are updated.' },
    },
    { key: 'name', header: { zh: '名称', en: 'Name' }, required: true, width: 30, help: { zh: '点位名称。', en: 'Name of the point.' } },
    {
      key: 'type',
      header: { zh: '类型', en: 'Type' },
      required: true,
      width: 18,
      help: { zh: '点位类型：中文名称或英文代码（如 公园 / park）。', en: 'Point type: code or Chinese name (e.g. park / 公园).' },
    },
    { key: 'address', header: { zh: '地址', en: 'Address' }, width: 30, help: { zh: '地址。', en: 'Address.' } },
    {
      key: 'lon',
      header: { zh: '经度', en: 'Longitude' },
      width: 12,
      help: {
        zh: '经度（WGS-84），须在本市范围内；与纬度同时填写或同时留空。',
        en: 'Longitude (WGS-84), inside the city; give both or neither.',
      },
    },
    { key: 'lat', header: { zh: '纬度', en: 'Latitude' }, width: 12, help: { zh: '纬度（WGS-84）。', en: 'Latitude (WGS-84).' } },
    {
      key: 'unitCode',
      header: { zh: '责任单位编码', en: 'Responsible unit code' },
      width: 18,
      help: { zh: '责任单位编码（须已存在）。', en: 'Code of the responsible unit (must exist).' },
    },
    {
      key: 'areaCode',
      header: { zh: '所在区域编码', en: 'Area code' },
      width: 18,
      help: {
        zh: '所在区/街道的单位编码（须已存在），用于按区统计。',
        en: 'Unit code of the district or street it lies in (must exist), for the figures by district.',
      },
    },
    {
      key: 'mustCheck',
      header: { zh: '必查点', en: 'Must check' },
      width: 10,
      help: { zh: '是/否（或 1/0、true/false）。', en: 'yes/no (or 1/0, true/false, 是/否).' },
    },
    {
      key: 'isNew',
      header: { zh: '新增点', en: 'New' },
      width: 10,
      help: { zh: '是/否（或 1/0、true/false）。', en: 'yes/no (or 1/0, true/false, 是/否).' },
    },
  ],
};
