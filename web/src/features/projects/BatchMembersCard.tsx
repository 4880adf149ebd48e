import { useState } from 'react';
import { App as AntApp, Button, Card, Flex, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { projectsApi } from '../../api/projects.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ProjectBatchDetail } from '../../../../src/shared/contracts/projects.contract.js';
import { BATCH_ROLES, BATCH_ROLE_LABELS, type BatchRole } from '../../../../src/shared/project-enums.js';

/**
 * The projects office adds a project of the batch's county to the batch in a role (签约 / 开工 /
 * 投产); the register is searched by code or name as one types.
 */
export function BatchMembersCard({ batch, onChanged }: { batch: ProjectBatchDetail; onChanged: (b: ProjectBatchDetail) => void }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [projectId, setProjectId] = useState<number | null>(null);
  const [role, setRole] = useState<BatchRole>('sign');
  const [busy, setBusy] = useState(false);
  const inBatch = new Set(batch.items.map((i) => i.projectId));

  async function search(q: string) {
    const list = await projectsApi.list({ q: q.trim() || undefined, countyUnitId: batch.countyUnitId, status: 'active', pageSize: 20 });
    setOptions(list.items.filter((p) => !inBatch.has(p.id)).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` })));
  }

  async function add() {
    if (projectId === null) return;
    setBusy(true);
    try {
      onChanged(await projectsApi.addToBatch(batch.id, { projectId, role }));
      void message.success(t('batch.added'));
      setProjectId(null);
      setOptions((o) => o.filter((x) => x.value !== projectId));
    } catch {
      // toasted by the client
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('batch.addProject')} style={{ marginBottom: 16 }} data-testid="batch-members">
      <Flex gap={8} wrap>
        <Select
          showSearch
          allowClear
          filterOption={false}
          value={projectId}
          placeholder={t('project.search')}
          onSearch={(q) => void search(q)}
          onFocus={() => void search('')}
          onChange={(v?: number | null) => setProjectId(v ?? null)}
          options={options}
          style={{ flex: '1 1 260px', minWidth: 0 }}
          data-testid="batch-add-project"
        />
        <Select<BatchRole>
          value={role}
          onChange={setRole}
          options={BATCH_ROLES.map((r) => ({ value: r, label: label(BATCH_ROLE_LABELS[r]) }))}
          style={{ width: 100 }}
          data-testid="batch-add-role"
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={projectId === null}
          loading={busy}
          onClick={() => void add()}
          data-testid="batch-add-submit"
        >
          {t('batch.add')}
        </Button>
      </Flex>
    </Card>
  );
}
