import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Card, Col, Empty, Form, Input, Modal, Popconfirm, Row, Space, Tag, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import { ApiError } from '../../api/client.js';
import { unitsApi, type Unit } from '../../api/units.js';
import { useMe } from '../../auth/session.js';
import { ImportExportButtons } from '../../components/ImportExport.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { fmtTime, isMessageKey, useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import { buildUnitTree, type UnitNode } from '../../components/unitTree.js';
import { UnitForm, unitPayload, type UnitValues } from './UnitForm.js';
import { invalidateUnits, useUnits } from '../../components/unitsStore.js';

/** Units tree with a detail pane. `editable` needs unit.write; without it the page is a directory. */
export function UnitsPage({ editable, testId, title }: { editable: boolean; testId: string; title: string }) {
  const me = useMe();
  const { t, label, locale } = useI18n();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const { units, loading, reload } = useUnits();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState(false);
  const [creating, setCreating] = useState<Partial<UnitValues> | null>(null);
  const [editForm] = Form.useForm<UnitValues>();
  const [createForm] = Form.useForm<UnitValues>();
  const canPickLeader = me.permissions.includes('user.read');
  const selected = units.find((u) => u.id === selectedId);

  const tree = useMemo(() => buildUnitTree(units), [units]);

  // Open the first two levels by default: the city and its districts/counties.
  useEffect(() => {
    if (expanded === null && tree.length) setExpanded(tree.map((n) => n.unit.id));
  }, [tree, expanded]);

  const treeData = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const matches = (u: Unit) => !q || u.name.toLowerCase().includes(q) || u.code.toLowerCase().includes(q);
    const toNode = (n: UnitNode): TreeDataNode | null => {
      const children = n.children.map(toNode).filter((c): c is TreeDataNode => c !== null);
      if (!matches(n.unit) && children.length === 0) return null;
      const title: ReactNode = (
        <span data-testid={`unit-node-${n.unit.code}`}>
          {n.unit.name} <Tag style={{ marginInlineStart: 4 }}>{label(UNIT_KIND_LABELS[n.unit.kind])}</Tag>
        </span>
      );
      return { key: n.unit.id, title, children };
    };
    return tree.map(toNode).filter((c): c is TreeDataNode => c !== null);
  }, [tree, filter, label]);

  const expandedKeys = filter.trim() ? units.map((u) => u.id) : (expanded ?? []);

  async function afterWrite(selectId?: number) {
    invalidateUnits();
    await reload();
    if (selectId !== undefined) setSelectedId(selectId);
  }

  async function save() {
    if (!selected) return;
    const v = await editForm.validateFields();
    setSaving(true);
    try {
      await unitsApi.update(selected.id, unitPayload(v));
      void message.success(t('common.saved'));
      await afterWrite(selected.id);
    } catch {
      // Shown by the client (422 for a move under its own subtree, 409 duplicate code).
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!selected) return;
    try {
      await unitsApi.remove(selected.id);
      void message.success(t('common.deleted'));
      setSelectedId(null);
      await afterWrite();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const refs = Object.entries((e.details?.references as Record<string, number> | undefined) ?? {});
        const said = refs.map(([kind, n]) => {
          const key = `unit.ref.${kind}`;
          return isMessageKey(key) ? t(key, { n }) : String(n);
        });
        const content = refs.length ? t('unit.deleteRefusedBy', { what: said.join(locale === 'zh-CN' ? '、' : ', ') }) : errorText(e);
        modal.error({ title: t('unit.deleteRefused'), content: <span data-testid="unit-delete-refused">{content}</span> });
      }
    }
  }

  async function create() {
    const v = await createForm.validateFields();
    setAdding(true);
    try {
      const u = await unitsApi.create(unitPayload(v));
      void message.success(t('common.created'));
      setCreating(null);
      setExpanded((e) => [...(e ?? []), ...(u.parentId ? [u.parentId] : [])]);
      await afterWrite(u.id);
    } catch {
      // Shown by the client.
    } finally {
      setAdding(false);
    }
  }

  const actions = editable ? (
    <>
      <ImportExportButtons resource="units" canImport canExport onImported={() => void afterWrite()} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ parentId: null })} data-testid="unit-create-root">
        {t('unit.createRoot')}
      </Button>
    </>
  ) : (
    <ImportExportButtons resource="units" canImport={false} canExport />
  );

  return (
    <div data-testid={testId}>
      <PageHeader title={title} extra={actions} />
      <WhoAmI />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card size="small" loading={loading && units.length === 0}>
            <Input.Search
              allowClear
              placeholder={t('unit.search')}
              onChange={(e) => setFilter(e.target.value)}
              style={{ marginBottom: 8 }}
              data-testid="unit-search"
            />
            <Tree
              data-testid="unit-tree"
              showLine
              blockNode
              height={560}
              treeData={treeData}
              expandedKeys={expandedKeys}
              onExpand={(keys) => setExpanded(keys.map(Number))}
              selectedKeys={selectedId === null ? [] : [selectedId]}
              onSelect={(keys) => setSelectedId(keys.length ? Number(keys[0]) : null)}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <Card
            size="small"
            title={selected ? selected.name : t('unit.details')}
            data-testid="unit-details"
            extra={
              selected &&
              editable && (
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => setCreating({ parentId: selected.id })} data-testid="unit-create-child">
                    {t('unit.createChild')}
                  </Button>
                  <Popconfirm title={t('unit.deleteConfirm', { name: selected.name })} onConfirm={() => void remove()}>
                    <Button danger icon={<DeleteOutlined />} data-testid="unit-delete">
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              )
            }
          >
            {selected ? (
              <>
                <UnitForm form={editForm} unit={selected} units={units} disabled={!editable} canPickLeader={canPickLeader} />
                <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginBottom: 12 }}>
                  {t('common.updatedAt')}: {fmtTime(selected.updatedAt)}
                </div>
                {editable && (
                  <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="unit-save">
                    {t('common.save')}
                  </Button>
                )}
              </>
            ) : (
              <Empty description={t('unit.pickOne')} />
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={creating !== null}
        title={creating?.parentId ? t('unit.createChild') : t('unit.createRoot')}
        onCancel={() => setCreating(null)}
        onOk={() => void create()}
        confirmLoading={adding}
        okText={t('common.create')}
        destroyOnHidden
      >
        {creating && <UnitForm form={createForm} units={units} initial={creating} canPickLeader={canPickLeader} />}
      </Modal>
    </div>
  );
}
