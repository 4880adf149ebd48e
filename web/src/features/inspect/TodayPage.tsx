import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Flex, List, Spin, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.js';
import { useLabels } from './labels.js';
import { locate, orderPoints, useMyPoints, type Here } from './data.js';
import { registerServiceWorker } from './pwa.js';
import { startSync } from './sync.js';
import { SyncBar } from './SyncBar.js';

function distance(t: ReturnType<typeof useI18n>['t'], m: number | null): string | null {
  if (m === null) return null;
  return m >= 1000 ? t('insp.distanceKm', { d: (m / 1000).toFixed(1) }) : t('insp.distance', { d: Math.round(m) });
}

/** Phone-first list of today's assigned points, nearest first; works from the device cache offline. */
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
  const list = useMemo(() => orderPoints(points.data ?? [], here ?? null), [points.data, here]);

  return (
    <div data-testid="page-inspect-today" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('insp.todayTitle')}</Typography.Title>
      <SyncBar />
      {here === null && <Alert type="info" showIcon message={t('insp.noLocation')} style={{ marginBottom: 8 }} data-testid="no-location" />}
      {points.from === 'cache' && <Alert type="warning" showIcon message={t('insp.fromCache')} style={{ marginBottom: 8 }} data-testid="from-cache" />}
      {points.loading || here === undefined ? (
        <Spin />
      ) : points.data === null ? (
        <Alert type="warning" message={t('insp.noCache')} data-testid="no-cache" />
      ) : (
        <List
          dataSource={list}
          locale={{ emptyText: t('insp.noPoints') }}
          renderItem={(p, i) => (
            <Link to={`/inspect/point/${p.point.id}`} data-testid={`point-${p.point.id}`} data-order={i} style={{ display: 'block', marginBottom: 8 }}>
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
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {distance(t, p.distanceM)}
                  </Typography.Text>
                </Flex>
              </Card>
            </Link>
          )}
        />
      )}
    </div>
  );
}
