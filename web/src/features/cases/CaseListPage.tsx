import { useMemo, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Grid, Input, Select, Switch, Tabs, Tag } from 'antd';
import { DownloadOutlined, FilterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import '../../components/filters.css';
import { beijingMidnight, fmtDate, pickerDay, toPicker } from '../../components/time.js';
import {
  CASE_SOURCES,
  CASE_STATES,
  SEVERITIES,
  type CaseSource,
  type CaseState,
  type Severity,
} from '../../../../src/shared/case-enums.js';
import type { CaseQuery } from '../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useI18n } from '../../i18n/i18n.js';
import { CaseTable } from './CaseTable.js';
import { categoryOptions, useCaseText, useCategories } from './caseUi.js';
import { CaseMap } from './map/CaseMap.js';
import { useCaseList } from './useCaseList.js';

interface FormValues {
  states?: CaseState[];
  unitId?: number | null;
  areaUnitId?: number | null;
  categoryCode?: string;
  severity?: Severity;
  source?: CaseSource;
  overdue?: boolean;
  period?: [Dayjs, Dayjs];
  q?: string;
}

const num = (s: string | null) => (s && /^\d+$/.test(s) ? Number(s) : undefined);

/** The filter lives in the URL, so a list or map view can be bookmarked and shared. */
function filterFrom(sp: URLSearchParams): CaseQuery {
  const f: CaseQuery = {
    state: sp.get('state') ?? undefined,
    unitId: num(sp.get('unitId')),
    areaUnitId: num(sp.get('areaUnitId')),
    categoryCode: sp.get('categoryCode') ?? undefined,
    severity: (sp.get('severity') as Severity | null) ?? undefined,
    source: (sp.get('source') as CaseSource | null) ?? undefined,
    overdue: sp.get('overdue') === 'true' ? true : undefined,
    from: sp.get('from') ?? undefined,
    to: sp.get('to') ?? undefined,
    dispatchedFrom: sp.get('dispatchedFrom') ?? undefined,
    dispatchedTo: sp.get('dispatchedTo') ?? undefined,
    q: sp.get('q') ?? undefined,
    page: num(sp.get('page')) ?? 1,
    pageSize: num(sp.get('pageSize')) ?? 20,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
}

function formFrom(f: CaseQuery): FormValues {
  return {
    states: f.state ? (f.state.split(',') as CaseState[]) : [],
    unitId: f.unitId ?? null,
    areaUnitId: f.areaUnitId ?? null,
    categoryCode: f.categoryCode,
    severity: f.severity,
    source: f.source,
    overdue: f.overdue ?? false,
    period: f.from && f.to ? [toPicker(f.from), toPicker(f.to).subtract(1, 'day')] : undefined,
    q: f.q,
  };
}

function paramsFrom(v: FormValues, pageSize: number): Record<string, string> {
  const p: Record<string, string | undefined> = {
    state: v.states?.length ? v.states.join(',') : undefined,
    unitId: v.unitId ? String(v.unitId) : undefined,
    areaUnitId: v.areaUnitId ? String(v.areaUnitId) : undefined,
    categoryCode: v.categoryCode || undefined,
    severity: v.severity || undefined,
    source: v.source || undefined,
    overdue: v.overdue ? 'true' : undefined,
    // A closed day range [a, b] → [a 00:00, b+1 00:00) Beijing time, whatever the browser's zone.
    from: v.period ? beijingMidnight(pickerDay(v.period[0])) : undefined,
    to: v.period ? beijingMidnight(pickerDay(v.period[1].add(1, 'day'))) : undefined,
    q: v.q?.trim() || undefined,
    pageSize: pageSize !== 20 ? String(pageSize) : undefined,
  };
  return Object.fromEntries(Object.entries(p).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Case search with filters, paging and Excel export; the "map" tab shows the same filter on the map. */
export default function CaseListPage() {
  const me = useMe();
  const { t, label } = useI18n();
  const text = useCaseText();
  const { categories } = useCategories();
  const navigate = useNavigate();
  const location = useLocation();
  const [sp, setSp] = useSearchParams();
  const filter = useMemo(() => filterFrom(sp), [sp]);
  const [form] = Form.useForm<FormValues>();
  const [exporting, setExporting] = useState(false);
  const isMap = location.pathname === '/cases/map';
  // On a phone the filters fold behind one button, so the list or map is on the first screen.
  const phone = Grid.useBreakpoint().md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const officials = me.permissions.includes('case.read');
  const unitsReadable = me.permissions.includes('unit.read');
  const list = useCaseList(isMap ? null : officials ? filter : { ...filter, mine: true });
  const { page: _p, pageSize: _ps, ...unpaged } = filter;
  const active = Object.values(unpaged).filter((v) => v !== undefined && v !== '').length;

  // The cohort filter comes only from a link (the cockpit's tiles): kept while the form changes, cleared by its tag.
  const cohort = Object.fromEntries(
    (['dispatchedFrom', 'dispatchedTo'] as const).flatMap((k) => (filter[k] ? [[k, filter[k]]] : [])),
  ) as Record<string, string>;
  const apply = (v: FormValues) => setSp({ ...paramsFrom(v, filter.pageSize ?? 20), ...cohort });
  const dropCohort = () => {
    const next = new URLSearchParams(sp);
    next.delete('dispatchedFrom');
    next.delete('dispatchedTo');
    next.delete('page');
    setSp(next);
  };
  const doExport = async () => {
    setExporting(true);
    try {
      await casesApi.exportXlsx(unpaged);
    } catch {
      // Reported by the client.
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid={isMap ? 'page-case-map' : 'page-cases'}>
      <PageHeader
        title={t(isMap ? 'nav.caseMap' : 'list.title')}
        extra={
          officials && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="cases-export">
              {t('list.export')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }} styles={phone && !filtersOpen ? { body: { padding: 12 } } : undefined}>
        {phone && (
          <Button
            block
            icon={<FilterOutlined />}
            onClick={() => setFiltersOpen((o) => !o)}
            data-testid="filters-toggle"
            style={filtersOpen ? { marginBottom: 12 } : undefined}
          >
            {t(filtersOpen ? 'list.hideFilters' : 'list.showFilters')}
            {active > 0 && ` (${active})`}
          </Button>
        )}
        <Form<FormValues>
          form={form}
          layout="inline"
          className="dd-filters"
          initialValues={formFrom(filter)}
          onValuesChange={(changed: FormValues, all) => !('q' in changed) && apply(all)}
          style={{ rowGap: 8, ...(phone && !filtersOpen ? { display: 'none' } : {}) }}
          data-testid="cases-filters"
        >
          <Form.Item name="states" label={t('list.states')}>
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 200 }}
              maxTagCount="responsive"
              options={CASE_STATES.map((s) => ({ value: s, label: text.state(s) }))}
              data-testid="filter-state"
            />
          </Form.Item>
          {unitsReadable && (
            <Form.Item name="unitId" label={t('list.unit')}>
              <UnitTreeSelect data-testid="filter-unit" />
            </Form.Item>
          )}
          <Form.Item name="categoryCode" label={t('case.category')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 180 }}
              options={categoryOptions(categories?.items ?? [], (l) => label(l))}
              data-testid="filter-category"
            />
          </Form.Item>
          <Form.Item name="severity" label={t('case.severity')}>
            <Select
              allowClear
              style={{ minWidth: 100 }}
              options={SEVERITIES.map((s) => ({ value: s, label: text.severity(s) }))}
              data-testid="filter-severity"
            />
          </Form.Item>
          <Form.Item name="source" label={t('case.source')}>
            <Select
              allowClear
              style={{ minWidth: 120 }}
              options={CASE_SOURCES.map((s) => ({ value: s, label: text.source(s) }))}
              data-testid="filter-source"
            />
          </Form.Item>
          <Form.Item name="overdue" label={t('list.overdueOnly')} valuePropName="checked">
            <Switch data-testid="filter-overdue" />
          </Form.Item>
          <Form.Item name="period" label={t('list.period')}>
            <DatePicker.RangePicker allowClear data-testid="filter-period" />
          </Form.Item>
          {unitsReadable && (
            <Form.Item name="areaUnitId" label={t('list.area')}>
              <UnitTreeSelect data-testid="filter-area" />
            </Form.Item>
          )}
          <Form.Item name="q">
            <Input.Search
              allowClear
              placeholder={t('list.q')}
              onSearch={() => apply(form.getFieldsValue())}
              style={{ minWidth: 220 }}
              data-testid="filter-q"
            />
          </Form.Item>
          {(filter.dispatchedFrom || filter.dispatchedTo) && (
            <Form.Item>
              <Tag closable color="blue" onClose={dropCohort} data-testid="filter-dispatched">
                {t('list.dispatchedIn', {
                  from: filter.dispatchedFrom ? fmtDate(filter.dispatchedFrom) : '…',
                  to: filter.dispatchedTo ? fmtDate(new Date(Date.parse(filter.dispatchedTo) - 1).toISOString()) : '…',
                })}
              </Tag>
            </Form.Item>
          )}
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ ...formFrom({}), period: undefined });
                setSp({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Tabs
          activeKey={isMap ? 'map' : 'list'}
          onChange={(k) => void navigate({ pathname: k === 'map' ? '/cases/map' : '/cases', search: sp.toString() })}
          items={[
            {
              key: 'list',
              label: <span data-testid="tab-list">{t('list.tabList')}</span>,
              children: isMap ? null : (
                <CaseTable
                  data-testid="cases-table"
                  emptyText={t(active ? 'list.noMatch' : officials ? 'list.empty' : 'list.emptyMine')}
                  items={list.data?.items ?? []}
                  loading={list.loading}
                  columns={[
                    'number',
                    'state',
                    'category',
                    'severity',
                    'source',
                    'description',
                    'address',
                    'unit',
                    'deadline',
                    'reportedAt',
                  ]}
                  pagination={{
                    current: filter.page ?? 1,
                    pageSize: filter.pageSize ?? 20,
                    total: list.data?.total ?? 0,
                    showSizeChanger: true,
                    pageSizeOptions: [20, 50, 100],
                    showTotal: (n) => t('common.total', { n }),
                    onChange: (page, pageSize) => {
                      const next = new URLSearchParams(sp);
                      next.set('page', String(page));
                      next.set('pageSize', String(pageSize));
                      setSp(next);
                    },
                  }}
                />
              ),
            },
            ...(officials
              ? [
                  {
                    key: 'map',
                    label: <span data-testid="tab-map">{t('list.tabMap')}</span>,
                    children: isMap ? <CaseMap filter={unpaged} /> : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
