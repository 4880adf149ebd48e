import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { POINT_TYPES, WEAKNESS_KIND_LABELS } from '../../../../src/shared/evaluation-enums.js';
import { ApiError } from '../../api/client.js';
import { checkpointsApi } from '../../api/evaluation.js';
import type { ImportRowError } from '../../../../src/shared/contracts/imports.contract.js';
import { ImportErrorsModal } from '../../components/ImportExport.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { useSession } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import { cityBbox } from '../cases/map/geo.js';
import { SvgMap } from '../cases/map/SvgMap.js';
import type {
  CheckpointImportResult,
  CheckpointListItem as Checkpoint,
  CheckpointQuery,
  WeaknessReason,
} from '../../../../src/shared/contracts/checkpoints.contract.js';
import { pct } from './format.js';
import { useEvalText } from './evalUi.js';
import { CheckpointModal } from './CheckpointModal.js';

type Tri = 'true' | 'false' | '';

/** The check point registry: filters (in the URL), list with weakness reasons, map, import, create / edit. */
export default function CheckpointsPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const text = useEvalText();
  const canManage = me?.permissions.includes('evaluation.manage') ?? false;
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  // Filters live in the URL as text; empty means "any".
  const flag = (k: string) => (get(k) === '' ? undefined : get(k) === 'true');
  const query: CheckpointQuery = {
    type: get('type') || undefined,
    unitId: get('unitId') ? Number(get('unitId')) : undefined,
    mustCheck: flag('mustCheck'),
    isNew: flag('isNew'),
    weak: flag('weak'),
    q: get('q') || undefined,
  };
  const list = useApi(() => checkpointsApi.list(query), query);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const [editing, setEditing] = useState<Checkpoint | 'new' | null>(null);
  const [errors, setErrors] = useState<ImportRowError[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [q, setQ] = useState(get('q'));
  const tab = get('tab') || 'list';

  function setParam(k: string, v: string) {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  }

  async function doImport(kind: 'xlsx' | 'geojson', file: File) {
    setBusy(kind);
    try {
      let r: CheckpointImportResult;
      if (kind === 'xlsx') {
        r = await checkpointsApi.importXlsx(await file.arrayBuffer(), { quiet: [422] });
      } else {
        let doc: unknown;
        try {
          doc = JSON.parse(await file.text());
        } catch {
          void message.error(t('eval.cp.badGeo'));
          return;
        }
        r = await checkpointsApi.importGeoJson(doc, { quiet: [422] });
      }
      void message.success(t('import.done', { created: r.created, updated: r.updated }));
      list.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const rows = (e.details?.errors as ImportRowError[] | undefined) ?? [];
        setErrors(rows.length ? rows : [{ sheet: '', row: 0, message: errorText(e) }]);
      }
    } finally {
      setBusy(null);
    }
  }

  const tri = (k: string, labelKey: Parameters<typeof t>[0]) => (
    <Select<Tri>
      value={get(k) as Tri}
      onChange={(v) => setParam(k, v)}
      style={{ width: 130 }}
      data-testid={`cp-filter-${k}`}
      options={[
        { value: '', label: `${t(labelKey)}: ${t('eval.cp.any')}` },
        { value: 'true', label: `${t(labelKey)}: ${t('eval.cp.yes')}` },
        { value: 'false', label: `${t(labelKey)}: ${t('eval.cp.no')}` },
      ]}
    />
  );

  const uploadButton = (kind: 'xlsx' | 'geojson') => (
    <Upload
      accept={
        kind === 'xlsx'
          ? '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : '.geojson,.json,application/geo+json,application/json'
      }
      showUploadList={false}
      maxCount={1}
      beforeUpload={(file) => {
        void doImport(kind, file);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} loading={busy === kind} data-testid={`cp-import-${kind}`}>
        {kind === 'xlsx' ? t('eval.cp.importXlsx') : t('eval.cp.importGeo')}
      </Button>
    </Upload>
  );

  return (
    <div data-testid="page-eval-checkpoints">
      <PageHeader
        title={t('eval.cp.title')}
        extra={
          canManage && (
            <>
              {uploadButton('xlsx')}
              {uploadButton('geojson')}
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="cp-create">
                {t('eval.cp.create')}
              </Button>
            </>
          )
        }
      >
        <Space wrap>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('eval.cp.type')}
            value={get('type') || undefined}
            onChange={(v?: string) => setParam('type', v ?? '')}
            style={{ width: 180 }}
            data-testid="cp-filter-type"
            options={POINT_TYPES.map((p) => ({ value: p, label: text.pointType(p) }))}
          />
          <UnitTreeSelect
            value={get('unitId') ? Number(get('unitId')) : null}
            onChange={(v) => setParam('unitId', v ? String(v) : '')}
            placeholder={t('eval.cp.unit')}
            data-testid="cp-filter-unit"
          />
          {tri('mustCheck', 'eval.cp.mustCheck')}
          {tri('isNew', 'eval.cp.isNew')}
          {tri('weak', 'eval.cp.weak')}
          <Input.Search
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => setParam('q', v.trim())}
            placeholder={t('eval.cp.q')}
            allowClear
            style={{ width: 220 }}
            data-testid="cp-filter-q"
          />
        </Space>
      </PageHeader>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k === 'list' ? '' : k)}
        items={[
          {
            key: 'list',
            label: t('eval.cp.list'),
            children: (
              <Table<Checkpoint>
                rowKey="id"
                size="small"
                loading={list.loading}
                dataSource={items}
                pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
                onRow={(c) => ({ 'data-testid': `cp-row-${c.id}`, 'data-weak': c.weak ? 'true' : 'false' }) as object}
                scroll={{ x: 900 }}
                columns={[
                  { title: t('eval.cp.code'), dataIndex: 'code', width: 110 },
                  { title: t('eval.cp.name'), dataIndex: 'name' },
                  { title: t('eval.cp.type'), dataIndex: 'type', width: 140, render: (v: string) => text.pointType(v) },
                  { title: t('eval.cp.address'), dataIndex: 'address', ellipsis: true },
                  {
                    title: t('eval.cp.flags'),
                    key: 'flags',
                    width: 240,
                    render: (_: unknown, c) => (
                      <Space size={2} wrap>
                        {c.mustCheck && <Tag color="red">{t('eval.cp.mustCheck')}</Tag>}
                        {c.isNew && <Tag color="blue">{t('eval.cp.isNew')}</Tag>}
                        {!c.active && (
                          <Tag>
                            {t('eval.cp.active')}: {t('eval.cp.no')}
                          </Tag>
                        )}
                        {c.weak && <WeakTags reasons={c.weakReasons} />}
                      </Space>
                    ),
                  },
                  ...(canManage
                    ? [
                        {
                          title: t('common.actions'),
                          key: 'actions',
                          width: 80,
                          render: (_: unknown, c: Checkpoint) => (
                            <Button size="small" type="link" onClick={() => setEditing(c)} data-testid={`cp-edit-${c.id}`}>
                              {t('common.edit')}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
          {
            key: 'map',
            label: t('eval.cp.map'),
            children: tab === 'map' ? <CheckpointMap items={items} onPick={canManage ? (c) => setEditing(c) : undefined} /> : null,
          },
        ]}
      />
      <CheckpointModal
        value={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void message.success(t('common.saved'));
          list.reload();
        }}
      />
      <ImportErrorsModal errors={errors} onClose={() => setErrors(null)} />
    </div>
  );
}

function WeakTags({ reasons }: { reasons: WeaknessReason[] }) {
  const { t, label } = useI18n();
  return (
    <>
      {reasons.map((r) => (
        <Tooltip
          key={r.kind}
          title={
            r.kind === 'low_rate'
              ? t('eval.cp.lowRate', { over: r.over, rate: pct(r.rate), threshold: pct(r.threshold) })
              : t('eval.cp.repeated', { count: r.count, days: r.days, min: r.minCases })
          }
        >
          <Tag color="volcano" data-testid="cp-weak-reason" data-kind={r.kind}>
            {t('eval.cp.weak')} · {label(WEAKNESS_KIND_LABELS[r.kind], r.kind)}
            {r.kind === 'low_rate' ? ` ${pct(r.rate)}` : ` ${r.count}`}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

const COLOR = { weak: '#fa541c', must: '#cf1322', fresh: '#1677ff', other: '#8c8c8c' };

function CheckpointMap({ items, onPick }: { items: Checkpoint[]; onPick?: (c: Checkpoint) => void }) {
  const { t } = useI18n();
  const text = useEvalText();
  const bbox = useMemo(() => cityBbox(), []);
  const located = useMemo(() => items.filter((c) => c.lon !== null && c.lat !== null), [items]);
  const overlay = (
    <div
      style={{ background: 'rgba(255,255,255,0.9)', padding: '4px 8px', borderRadius: 6 }}
      data-testid="cp-map-legend"
      data-count={located.length}
    >
      <Space size={10} wrap>
        <Typography.Text type="secondary">{t('eval.cp.mapCount', { n: located.length })}</Typography.Text>
        <Typography.Text style={{ color: COLOR.weak }}>● {t('eval.cp.weak')}</Typography.Text>
        <Typography.Text style={{ color: COLOR.must }}>● {t('eval.cp.mustCheck')}</Typography.Text>
        <Typography.Text style={{ color: COLOR.fresh }}>● {t('eval.cp.isNew')}</Typography.Text>
      </Space>
    </div>
  );
  return (
    <div data-testid="cp-map">
      <SvgMap bbox={bbox} height={520} overlay={overlay}>
        {(p) => (
          <>
            {located.map((c) => {
              const [x, y] = p.project(c.lon!, c.lat!);
              if (x < -10 || y < -10 || x > p.width + 10 || y > p.height + 10) return null;
              const fill = c.weak ? COLOR.weak : c.mustCheck ? COLOR.must : c.isNew ? COLOR.fresh : COLOR.other;
              return (
                <circle
                  key={c.id}
                  cx={x}
                  cy={y}
                  r={5}
                  fill={fill}
                  stroke="#fff"
                  strokeWidth={1}
                  style={{ cursor: onPick ? 'pointer' : 'default' }}
                  onClick={() => onPick?.(c)}
                  data-testid={`cp-map-point-${c.id}`}
                >
                  <title>{`${c.code} ${c.name} · ${text.pointType(c.type)}`}</title>
                </circle>
              );
            })}
          </>
        )}
      </SvgMap>
    </div>
  );
}
