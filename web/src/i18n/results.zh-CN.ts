/**
 * Chinese text of the results page's index, trend and export (测评结果), merged into
 * zh-CN.ts. Annual part names come from src/shared/evaluation-enums.ts.
 */
export const resultsZhCN = {
  'eval.res.export': '导出Excel',
  'eval.res.ranking': '区县排名（模拟测评指数）',
  'eval.res.rank': '排名',
  'eval.res.district': '区县',
  'eval.res.index': '模拟指数',
  'eval.res.coverage': '覆盖权重 {w}',
  'eval.res.missingItems': '未测项目：{items}',
  'eval.res.annual': '年度分',
  'eval.res.city': '全市',
  'eval.res.weights.framework': '项目权重取自测评体系',
  'eval.res.weights.campaign': '项目权重取自创建活动设置',
  'eval.res.annualRule':
    '年度分 = 网上材料 {online} + 实地测评 {field} + 问卷调查 {survey}（网上申报、材料审核计入网上材料）；没有数据的部分不计入，其余权重按比例折算到 100。',
  'eval.res.itemRates': '各测评项目得分率',
  'eval.res.trend': '得分率趋势',
  'eval.res.bucket.week': '按周',
  'eval.res.bucket.month': '按月',
  'eval.res.trendBy.district': '各区县',
  'eval.res.trendBy.item': '各测评项目',
  'eval.res.trendBy.all': '全市',
  'eval.res.weekNote': '每周从周一 0 点（北京时间）开始；没有测评的周不画点。',
  'eval.res.rates': '得分率明细',
};
