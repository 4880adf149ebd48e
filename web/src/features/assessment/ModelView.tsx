import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useI18n, type TFunction } from '../../i18n/i18n.js';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type {
  AssessmentComponent,
  AssessmentGroup,
  AssessmentModel,
  ListRule,
} from '../../../../src/shared/contracts/assessment.contract.js';
import { SCORE_PART_LABELS } from '../../../../src/shared/assessment-enums.js';

/** Rung key → letter type (提醒函…) from the campaign's ladder, when it could be read. */
export type RungNames = (key: string) => string;

/** The 红黑榜 rule in words: 前3名红榜、后3名黑榜 / ≥90分红榜、<60分黑榜. */
export function listRuleText(rule: ListRule, t: TFunction): string {
  return rule.kind === 'rank'
    ? t('assess.model.listRank', { red: rule.red, black: rule.black })
    : t('assess.model.listThreshold', { red: rule.redMin, black: rule.blackBelow });
}

/** One component's settings in words. */
function componentText(c: AssessmentComponent, t: TFunction, rung: RungNames): string {
  switch (c.kind) {
    case 'evaluation':
      return t('assess.model.evalText');
    case 'cases':
      return t('assess.model.casesText', { onTime: c.onTimeWeight, closure: c.closureWeight, rework: c.reworkWeight });
    case 'satisfaction':
      return t('assess.model.satisfactionText', { credit: c.basicallySatisfiedCredit });
    case 'letters': {
      const per = Object.entries(c.deductions)
        .map(([k, v]) => t('assess.model.perLetter', { type: rung(k), points: v }))
        .join(t('common.clauseSep'));
      return `${per}${per ? '；' : ''}${t('assess.model.unanswered', { points: c.unansweredDeduction })}；${t('assess.model.capText', { cap: c.cap })}`;
    }
    case 'bonus':
      return t('assess.model.bonusText', { threshold: c.thresholdPercent, points: c.pointsPerPercent, cap: c.cap });
  }
}

/** A group's members in words: unit kinds by their labels, units by their names. */
function MembersText({ group, unitName }: { group: AssessmentGroup; unitName: (id: number) => string }) {
  const { label } = useI18n();
  return (
    <Flex wrap gap={4}>
      {group.members.unitKinds.map((k) => (
        <Tag key={k} color="blue">
          {label(UNIT_KIND_LABELS[k])}
        </Tag>
      ))}
      {group.members.unitIds.map((id) => (
        <Tag key={id}>{unitName(id)}</Tag>
      ))}
    </Flex>
  );
}

/** The model shown readably: a card per group with members, components and weights, limits and the 红黑榜 rule. */
export function ModelView({ model, unitName, rung }: { model: AssessmentModel; unitName: (id: number) => string; rung: RungNames }) {
  const { t, label } = useI18n();
  return (
    <Flex vertical gap={12} data-testid="assess-model-view">
      {model.groups.map((g) => (
        <Card key={g.key} size="small" title={g.name} data-testid={`assess-group-${g.key}`}>
          <Descriptions size="small" column={1} styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('assess.model.members')}>
              <MembersText group={g} unitName={unitName} />
            </Descriptions.Item>
            <Descriptions.Item label={t('assess.model.total')}>
              {t('assess.model.totalText', { floor: g.total.floor, cap: g.total.cap })}
            </Descriptions.Item>
            <Descriptions.Item label={t('assess.model.lists')}>{listRuleText(g.lists, t)}</Descriptions.Item>
          </Descriptions>
          <Flex vertical gap={6} style={{ marginTop: 8 }}>
            {g.components.map((c) => (
              <div key={c.kind} data-testid={`assess-component-${c.kind}`} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 6 }}>
                <Typography.Text strong>{label(SCORE_PART_LABELS[c.kind])}</Typography.Text>
                {'weight' in c && (
                  <Tag color="geekblue" style={{ marginLeft: 8 }}>
                    {t('assess.result.weight', { w: c.weight })}
                  </Tag>
                )}
                <div>
                  <Typography.Text type="secondary">{componentText(c, t, rung)}</Typography.Text>
                </div>
              </div>
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
