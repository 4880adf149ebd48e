import { Card, Col, Flex, List, Row, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import type { AssessmentListEntry, AssessmentRunGroup } from '../../../../src/shared/contracts/assessment.contract.js';
import { LIST_KIND_LABELS, type ListKind } from '../../../../src/shared/assessment-enums.js';

/** 红榜 and 黑榜 of each group of a run, side by side (stacked on a phone). */
export function RedBlackLists({ groups }: { groups: AssessmentRunGroup[] }) {
  const { t, label } = useI18n();
  const column = (g: AssessmentRunGroup, kind: ListKind) => {
    const entries = g.lists.filter((e) => e.list === kind);
    return (
      <Col xs={24} md={12}>
        <Card
          size="small"
          title={<span style={{ color: kind === 'red' ? '#cf1322' : '#262626' }}>{label(LIST_KIND_LABELS[kind])}</span>}
          styles={{ header: { background: kind === 'red' ? '#fff1f0' : '#f0f0f0' } }}
          data-testid={`lists-${g.key}-${kind}`}
        >
          {entries.length === 0 ? (
            <Typography.Text type="secondary">{t('assess.result.listEmpty')}</Typography.Text>
          ) : (
            <List<AssessmentListEntry>
              size="small"
              dataSource={entries}
              renderItem={(e) => (
                <List.Item>
                  <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                    <span>
                      <Typography.Text type="secondary">{t('assess.result.rankN', { n: e.rank })}</Typography.Text> {e.unitName}
                    </span>
                    <span>{e.score.toFixed(2)}</span>
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
    );
  };
  return (
    <div data-testid="run-lists">
      {groups.map((g) => (
        <div key={g.key} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{g.name}</Typography.Title>
          <Row gutter={[12, 12]}>
            {column(g, 'red')}
            {column(g, 'black')}
          </Row>
        </div>
      ))}
    </div>
  );
}
