import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Flex, List, Progress, Spin, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import { useLabels } from './labels.js';
import { locate, orderPoints, useMyPoints, type Here } from './data.js';
import { registerServiceWorker } from './pwa.js';
import { onSyncRound, startSync, useQueue } from './sync.js';
import { SyncBar } from './SyncBar.js';

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
/** The China calendar day of an instant (the server counts "today" in China time). */
const chinaDayOf = (iso: string) => CHINA_DAY.format(new Date(iso));
const chinaToday = () => CHINA_DAY.format(new Date());

function distance(t: ReturnType<typeof useI18n>['t'], m: number | null): string | null {
  if (m === null) return null;
  return m >= 1000 ? t('insp.distanceKm', { d: (m / 1000).toFixed(1) }) : t('insp.distance', { d: Math.round(m) });
}

/**
 * Phone-first list of today's route, nearest first, each point marked done (the server
 * has its inspection of today) or 待同步 (recorded here, still queued); works from the
 * device cache offline and refreshes from the server after every sync round, so the
 * offline banner goes once the server answered again.
 */
export default function TodayPage() {
  const { t } = useI18n();
  const { pointType } = useLabels();
  // undefined while locating, null when denied or unavailable (server / cached order then).
  const [here, setHere] = useState<Here | null | undefined>(undefined);
  useEffect(() => {
    registerServiceWorker();
    startSync();
    void locate(6000).then(setHere);
    // Load the checklist page's code now, so opening a point works after the connection drops.
    void import('./PointPage.js');
  }, []);
  const points = useMyPoints(here);
  const { reload } = points;
  useEffect(() => onSyncRound(() => navigator.onLine && reload()), [reload]);
  const list = useMemo(() => orderPoints(points.data?.items ?? [], here ?? null), [points.data, here]);
  const queue = useQueue();
  const today = chinaToday();
  // Recorded today on this device and not yet acknowledged by the server.
  const queued = useMemo(
    () => new Set(queue.filter((q) => q.status === 'pending' && chinaDayOf(q.command.recordedAt) === today).map((q) => q.command.pointId)),
    [queue, today],
  );
  const stateOf = (p: (typeof list)[number]) => (p.done ? 'done' : queued.has(p.point.id) ? 'queued' : 'todo');
  const doneCount = list.filter((p) => stateOf(p) !== 'todo').length;
  const route = points.data?.route;

  return (
    <div data-testid="page-inspect-today" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('insp.todayTitle')}</Typography.Title>
      <SyncBar />
      {here === null && <Alert type="info" showIcon message={t('insp.noLocation')} style={{ marginBottom: 8 }} data-testid="no-location" />}
      {points.from === 'cache' && (
        <Alert type="warning" showIcon message={t('insp.fromCache')} style={{ marginBottom: 8 }} data-testid="from-cache" />
      )}
      {route && list.length > 0 && (
        <Flex vertical gap={4} style={{ marginBottom: 8 }}>
          <Flex align="center" gap={8}>
            <Typography.Text strong data-testid="progress" data-done={doneCount} data-total={list.length} style={{ whiteSpace: 'nowrap' }}>
              {t('insp.progress', { x: doneCount, y: list.length })}
            </Typography.Text>
            <Progress percent={Math.round((doneCount / list.length) * 100)} showInfo={false} size="small" style={{ margin: 0, flex: 1 }} />
          </Flex>
          {route.dayNumber !== null && (
            <Typography.Text type="secondary" data-testid="route-info">
              {t('insp.routeInfo', {
                d: route.dayNumber,
                n: route.periodDays,
                p: route.planPoints,
                r: route.routeDays,
                m: route.maxPointsPerDay,
              })}
            </Typography.Text>
          )}
          {route.catchUp && <Alert type="info" showIcon message={t('insp.catchUp')} data-testid="catch-up" />}
          {route.unscheduled > 0 && (
            <Alert type="warning" showIcon message={t('insp.unscheduled', { n: route.unscheduled })} data-testid="unscheduled" />
          )}
        </Flex>
      )}
      {(points.loading && points.data === null) || here === undefined ? (
        <Spin />
      ) : points.data === null ? (
        <Alert type="warning" message={t('insp.noCache')} data-testid="no-cache" />
      ) : (
        <List
          dataSource={list}
          locale={{ emptyText: t('insp.noPoints') }}
          renderItem={(p, i) => (
            <Link
              to={`/inspect/point/${p.point.id}`}
              data-testid={`point-${p.point.id}`}
              data-order={i}
              data-state={stateOf(p)}
              style={{ display: 'block', marginBottom: 8 }}
            >
              <Card size="small" hoverable>
                <Flex justify="space-between" align="center" gap={8}>
                  <div>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {p.point.name}
                    </Typography.Text>
                    <div>
                      <Tag>{pointType(p.point.type)}</Tag>
                      <Typography.Text type="secondary">{p.point.address ?? p.point.code}</Typography.Text>
                    </div>
                  </div>
                  <Flex vertical align="end" gap={4}>
                    {stateOf(p) === 'done' && (
                      <Tag color="green" style={{ marginInlineEnd: 0 }}>
                        {t('insp.done')}
                      </Tag>
                    )}
                    {stateOf(p) === 'queued' && (
                      <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                        {t('insp.pendingSync')}
                      </Tag>
                    )}
                    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                      {distance(t, p.distanceM)}
                    </Typography.Text>
                  </Flex>
                </Flex>
              </Card>
            </Link>
          )}
        />
      )}
    </div>
  );
}
