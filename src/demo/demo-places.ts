/**
 * The demo city's geography (周口市): each county-level area with the centre its demo
 * places scatter around and its main roads, each road in its street (街道/镇) unit. The
 * demo cases (demo-case-texts.ts) and check points (demo-evaluation-points.ts) both place
 * themselves here.
 */

export interface Road {
  name: string;
  /** The street (街道/镇) unit the road lies in. */
  street: string;
}

export interface Place {
  code: string;
  /** How addresses start, e.g. 周口市川汇区. */
  prefix: string;
  /** The short name used in point names, e.g. 川汇. */
  short: string;
  lon: number;
  lat: number;
  roads: readonly Road[];
}

export const PLACES: readonly Place[] = [
  {
    code: '411602',
    prefix: '周口市川汇区',
    short: '川汇',
    lon: 114.65,
    lat: 33.62,
    roads: [
      { name: '七一路', street: '411602002' },
      { name: '八一路', street: '411602004' },
      { name: '交通路', street: '411602005' },
      { name: '中州大道', street: '411602007' },
      { name: '工农路', street: '411602006' },
      { name: '文昌大道', street: '411602008' },
      { name: '莲花路', street: '411602003' },
      { name: '人民路', street: '411602001' },
      { name: '建设大道', street: '411602010' },
      { name: '大庆路', street: '411602009' },
      { name: '汉阳路', street: '411602015' },
      { name: '富民路', street: '411602014' },
    ],
  },
  {
    code: '411671',
    prefix: '周口临港开发区',
    short: '临港',
    lon: 114.69,
    lat: 33.585,
    roads: [
      { name: '太昊路', street: '411671011' },
      { name: '淮河路', street: '411671012' },
      { name: '李埠口路', street: '411671013' },
    ],
  },
  {
    code: '411603',
    prefix: '周口市淮阳区',
    short: '淮阳',
    lon: 114.88,
    lat: 33.73,
    roads: [
      { name: '羲皇大道', street: '411603001' },
      { name: '弦歌路', street: '411603100' },
      { name: '人民路', street: '411603100' },
      { name: '湖滨路', street: '411603002' },
    ],
  },
  {
    code: '411622',
    prefix: '西华县',
    short: '西华',
    lon: 114.53,
    lat: 33.78,
    roads: [
      { name: '娲城路', street: '411622001' },
      { name: '箕子台路', street: '411622002' },
      { name: '昆山路', street: '411622003' },
      { name: '华泰路', street: '411622005' },
    ],
  },
  {
    code: '411623',
    prefix: '商水县',
    short: '商水',
    lon: 114.61,
    lat: 33.54,
    roads: [
      { name: '阳城大道', street: '411623004' },
      { name: '章华台路', street: '411623003' },
      { name: '新城路', street: '411623001' },
      { name: '东城路', street: '411623002' },
    ],
  },
  {
    code: '411681',
    prefix: '项城市',
    short: '项城',
    lon: 114.88,
    lat: 33.44,
    roads: [
      { name: '莲花大道', street: '411681004' },
      { name: '光武大道', street: '411681006' },
      { name: '水寨路', street: '411681002' },
      { name: '东方路', street: '411681003' },
      { name: '千佛阁路', street: '411681005' },
      { name: '花园路', street: '411681001' },
    ],
  },
  {
    code: '411624',
    prefix: '沈丘县',
    short: '沈丘',
    lon: 115.1,
    lat: 33.41,
    roads: [
      { name: '新华路', street: '411624001' },
      { name: '兆丰大道', street: '411624002' },
      { name: '东城路', street: '411624001' },
    ],
  },
  {
    code: '411625',
    prefix: '郸城县',
    short: '郸城',
    lon: 115.18,
    lat: 33.65,
    roads: [
      { name: '世纪大道', street: '411625003' },
      { name: '东风路', street: '411625002' },
      { name: '洺河路', street: '411625001' },
    ],
  },
  {
    code: '411627',
    prefix: '太康县',
    short: '太康',
    lon: 114.85,
    lat: 34.06,
    roads: [
      { name: '人民路', street: '411627100' },
      { name: '春秋路', street: '411627100' },
      { name: '阳夏路', street: '411627200' },
    ],
  },
  {
    code: '411628',
    prefix: '鹿邑县',
    short: '鹿邑',
    lon: 115.48,
    lat: 33.86,
    roads: [
      { name: '真源大道', street: '411628001' },
      { name: '谷阳路', street: '411628002' },
      { name: '卫真路', street: '411628003' },
      { name: '鸣鹿路', street: '411628004' },
    ],
  },
  {
    code: '411621',
    prefix: '扶沟县',
    short: '扶沟',
    lon: 114.39,
    lat: 34.06,
    roads: [
      { name: '桐丘路', street: '411621001' },
      { name: '扶亭路', street: '411621003' },
      { name: '健康路', street: '411621001' },
    ],
  },
];
