import { Link } from 'react-router-dom';
import { Card, Checkbox, Flex, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.js';
import type { ExplanationLine, ScorePart } from '../../../../src/shared/contracts/assessment.contract.js';
import { SCORE_PART_LABELS } from '../../../../src/shared/assessment-enums.js';
import { fmtPoints } from './assessUi.js';

/** A line's identity within a score, for picking disputed items. */
export const lineKey = (part: ScorePart, line: ExplanationLine, i: number) => `${part.kind}|${line.kind}|${line.refId ?? ''}|${i}`;

/** Where a line's source opens, when it has a page of its own. */
function lineHref(line: ExplanationLine): string | null {
  if (line.refId === null) return null;
  if (line.kind === 'case') return `/cases/${line.refId}`;
  if (line.kind === 'letter') return `/letters?id=${line.refId}`;
  return null;
}

const cents = (x: number) => Math.round(x * 100);

/** The parts as a sum: `37.45 + 46.13 − 5.00 + 1.50`. */
function sumText(parts: ScorePart[]): string {
  return (
    parts.map((p, i) => (i === 0 ? fmtPoints(p.points) : `${p.points < 0 ? '−' : '+'} ${Math.abs(p.points).toFixed(2)}`)).join(' ') || '0'
  );
}

interface Props {
  score: number | null;
  parts: ScorePart[];
  /** Keys of the picked lines (appeal form); checkboxes shown when given. */
  picked?: Set<string>;
  onPick?: (key: string, on: boolean) => void;
}

/**
 * A unit's score opened into its parts (each with its weight, rate and points) and each part
 * into its lines (cases, inspections, letters, adjustments, caps) with their points; the top
 * line says that the parts add up to the score (checked here in hundredths, as the server
 * apportions them).
 */
export function ScoreBreakdown({ score, parts, picked, onPick }: Props) {
  const { t, label } = useI18n();
  const sum = parts.reduce((a, p) => a + cents(p.points), 0) / 100;
  const adds = score !== null && cents(sum) === cents(score);
  return (
    <Flex vertical gap={12} data-testid="score-breakdown">
      <Flex
        wrap
        gap={8}
        align="center"
        data-testid="score-sum"
        data-sum={sum.toFixed(2)}
        data-score={score === null ? '' : score.toFixed(2)}
      >
        <Typography.Text strong style={{ fontSize: 18 }}>
          {t('assess.result.score')}: {score === null ? t('assess.result.noScore') : score.toFixed(2)}
        </Typography.Text>
        {score !== null && (
          <Typography.Text type={adds ? 'success' : 'danger'}>
            {adds ? <CheckCircleOutlined /> : <WarningOutlined />}{' '}
            {t('assess.result.sumCheck', { parts: sumText(parts), sum: sum.toFixed(2) })}
          </Typography.Text>
        )}
      </Flex>
      {parts.map((p) => (
        <Card
          key={p.kind}
          size="small"
          data-testid={`part-${p.kind}`}
          data-points={p.points.toFixed(2)}
          title={
            <Flex justify="space-between" wrap gap={8}>
              <span>
                {label(SCORE_PART_LABELS[p.kind])}
                {p.weight !== null && (
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
                    {p.effectiveWeight !== null && p.effectiveWeight !== p.weight
                      ? t('assess.result.weightShared', { w: p.weight, e: Number(p.effectiveWeight.toFixed(2)) })
                      : t('assess.result.weight', { w: p.weight })}
                  </Typography.Text>
                )}
                {p.rate !== null && (
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
                    {t('assess.result.rate', { r: (p.rate * 100).toFixed(1) })}
                  </Typography.Text>
                )}
              </span>
              <span>{fmtPoints(p.points, p.kind !== 'evaluation' && p.kind !== 'cases')}</span>
            </Flex>
          }
          styles={{ body: { padding: 0 } }}
        >
          <Table<ExplanationLine & { i: number }>
            size="small"
            rowKey="i"
            pagination={p.lines.length > 10 ? { pageSize: 10, size: 'small' } : false}
            showHeader={false}
            dataSource={p.lines.map((l, i) => ({ ...l, i }))}
            locale={{ emptyText: t('assess.result.noLines') }}
            columns={[
              ...(picked
                ? [
                    {
                      key: 'pick',
                      width: 36,
                      render: (_: unknown, l: ExplanationLine & { i: number }) => (
                        <Checkbox
                          checked={picked.has(lineKey(p, l, l.i))}
                          onChange={(e) => onPick?.(lineKey(p, l, l.i), e.target.checked)}
                          data-testid={`pick-${p.kind}-${l.i}`}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'label',
                render: (_, l) => {
                  const href = lineHref(l);
                  return (
                    <span>
                      <Tag bordered={false}>{t(`assess.line.${l.kind}`)}</Tag>
                      {href ? <Link to={href}>{l.label}</Link> : l.label}
                    </span>
                  );
                },
              },
              { key: 'points', width: 90, align: 'right', render: (_, l) => fmtPoints(l.points, true) },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}
