import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { assessmentApi } from '../../api/assessment.js';
import { ApiError } from '../../api/client.js';
import { lettersApi } from '../../api/letters.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import type { AssessmentModel, AssessmentModelVersion } from '../../../../src/shared/contracts/assessment.contract.js';
import { MODEL_STATUS_LABELS } from '../../../../src/shared/assessment-enums.js';
import { CampaignSelect, useCampaignChoice, useUnitNames } from './assessUi.js';
import { ModelEditor, starterModel, useProblemText, type Problem } from './ModelEditor.js';
import { ModelView } from './ModelView.js';

/**
 * 考核办法: a campaign's assessment model versions (draft / published, by whom, when) and
 * one version shown readably (the one in force unless another is picked, `?id=`). HQ
 * (`assessment.manage`) starts a draft (from the version in force, or a starter model),
 * edits it in a structured form (the server's 422 problems shown at their fields, a stale
 * revision's 409 said plainly), saves and publishes it; leaders read.
 */
export default function ModelPage() {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const me = useMe();
  const canManage = me.permissions.includes('assessment.manage');
  const { campaigns, campaignId, setCampaignId } = useCampaignChoice();
  const [params, setParams] = useSearchParams();
  const list = useApi(campaignId ? () => assessmentApi.listModels(campaignId) : null, campaignId);
  const ladder = useApi(campaignId ? () => lettersApi.ladder(campaignId) : null, campaignId);
  const unitName = useUnitNames();
  const rungKeys = useMemo(() => ladder.data?.rungs.map((r) => r.key) ?? ['reminder', 'supervision', 'accountability'], [ladder.data]);
  const rung = (key: string) => ladder.data?.rungs.find((r) => r.key === key)?.type ?? key;

  // The version just saved, shown until the list's reload catches up: without it the page
  // showed the old model for a moment after 保存 (a browser test caught the stale view).
  const [justSaved, setJustSaved] = useState<AssessmentModelVersion | null>(null);
  const items = useMemo(
    () => (list.data?.items ?? []).map((v) => (justSaved && v.id === justSaved.id && justSaved.revision > v.revision ? justSaved : v)),
    [list.data, justSaved],
  );
  const inForce = items.find((v) => v.status === 'published');
  const pickedId = Number(params.get('id')) || null;
  const shown = items.find((v) => v.id === pickedId) ?? inForce ?? items[0];

  const [draft, setDraft] = useState<AssessmentModel | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const { say, groupName } = useProblemText(draft);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  // Leaving the version (another pick, another campaign) drops unsaved edits.
  useEffect(() => {
    setDraft(null);
    setProblems([]);
    setConflict(false);
  }, [shown?.id, campaignId]);

  const pick = (id: number) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('id', String(id));
      return next;
    });

  async function create() {
    if (!campaignId) return;
    setBusy(true);
    try {
      const v = inForce
        ? await assessmentApi.newDraft(inForce.id)
        : await assessmentApi.createModel({
            campaignId,
            model: starterModel(
              t('assess.model.starterName', { campaign: campaigns.find((c) => c.id === campaignId)?.name ?? '' }),
              rungKeys,
              {
                districts: t('assess.model.groupDistricts'),
                counties: t('assess.model.groupCounties'),
                departments: t('assess.model.groupDepartments'),
                teams: t('assess.model.groupTeams'),
              },
            ),
          });
      list.reload();
      pick(v.id);
    } catch {
      // toasted by the client
    } finally {
      setBusy(false);
    }
  }

  async function save(v: AssessmentModelVersion): Promise<AssessmentModelVersion | null> {
    if (!draft) return v;
    setBusy(true);
    try {
      const saved = await assessmentApi.updateModel(v.id, { revision: v.revision, model: draft });
      setJustSaved(saved);
      setProblems([]);
      setConflict(false);
      setDraft(null);
      list.reload();
      void message.success(t('assess.model.saved'));
      return saved;
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        setProblems((e.details?.problems as Problem[] | undefined) ?? [{ field: '', message: errorText(e) }]);
        void message.error(t('assess.model.invalid'));
      } else if (e instanceof ApiError && e.status === 409) setConflict(true);
      return null;
    } finally {
      setBusy(false);
    }
  }

  function publish(v: AssessmentModelVersion) {
    modal.confirm({
      title: t('assess.model.publish'),
      content: t('assess.model.publishConfirm', { version: v.version }),
      okButtonProps: { 'data-testid': 'assess-publish-ok' },
      onOk: async () => {
        const saved = await save(v);
        if (!saved) return;
        await assessmentApi.publishModel(saved.id);
        void message.success(t('assess.model.published'));
        list.reload();
      },
    });
  }

  const editing = shown && shown.status === 'draft' && canManage && draft !== null;
  return (
    <div data-testid="page-assess-model">
      <PageHeader
        title={t('assess.model.title')}
        extra={
          <>
            <CampaignSelect campaigns={campaigns} value={campaignId} onChange={setCampaignId} />
            {canManage && !items.some((v) => v.status === 'draft') && (
              <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={() => void create()} data-testid="assess-new-draft">
                {t('assess.model.newDraft')}
              </Button>
            )}
          </>
        }
      />
      <Table<AssessmentModelVersion>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('assess.model.empty') }}
        rowClassName={(v) => (v.id === shown?.id ? 'ant-table-row-selected' : '')}
        onRow={(v) => ({ 'data-testid': `assess-version-${v.version}` }) as object}
        columns={[
          {
            title: t('assess.model.version'),
            dataIndex: 'version',
            width: 90,
            render: (n: number, v) => <a onClick={() => pick(v.id)}>{`V${n}`}</a>,
          },
          { title: t('assess.model.name'), key: 'name', width: 260, render: (_, v) => v.model.name },
          {
            title: t('assess.model.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: AssessmentModelVersion['status'], v) => (
              <Space size={4}>
                <Tag color={s === 'published' ? 'green' : 'orange'}>{label(MODEL_STATUS_LABELS[s])}</Tag>
                {v.id === inForce?.id && <Tag color="blue">{t('assess.model.inForce')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('assess.model.createdBy'),
            key: 'created',
            width: 200,
            render: (_, v) => `${v.createdByName ?? ''} ${fmtTime(v.createdAt)}`,
          },
          {
            title: t('assess.model.publishedBy'),
            key: 'published',
            width: 200,
            render: (_, v) => (v.publishedAt ? `${v.publishedByName ?? ''} ${fmtTime(v.publishedAt)}` : ''),
          },
        ]}
      />
      <div style={{ marginTop: 16 }}>
        {!shown ? (
          !list.loading && <Empty description={t('assess.model.none')} />
        ) : (
          <Card size="small">
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
              <Space wrap>
                <Typography.Text strong style={{ fontSize: 16 }}>{`V${shown.version} ${shown.model.name}`}</Typography.Text>
                <Tag color={shown.status === 'published' ? 'green' : 'orange'}>{label(MODEL_STATUS_LABELS[shown.status])}</Tag>
              </Space>
              {shown.status === 'draft' && canManage && (
                <Flex gap={8} wrap>
                  {!editing && (
                    <Button icon={<EditOutlined />} onClick={() => setDraft(structuredClone(shown.model))} data-testid="assess-edit">
                      {t('assess.model.edit')}
                    </Button>
                  )}
                  {editing && (
                    <Button loading={busy} onClick={() => void save(shown)} data-testid="assess-save">
                      {t('assess.model.save')}
                    </Button>
                  )}
                  <Button type="primary" onClick={() => publish(shown)} data-testid="assess-publish">
                    {t('assess.model.publish')}
                  </Button>
                </Flex>
              )}
            </Flex>
            {conflict && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="assess-conflict"
                message={t('assess.model.conflict')}
                action={
                  <Button size="small" onClick={() => (setDraft(null), setConflict(false), list.reload())}>
                    {t('assess.model.reload')}
                  </Button>
                }
              />
            )}
            {problems.length > 0 && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="assess-problems"
                message={t('assess.model.problems', { n: problems.length })}
                description={
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {problems.map((p, i) => {
                      // The group it is in by name (the path stays as a hint); the field itself is marked below.
                      const g = /^groups\[(\d+)\]/.exec(p.field);
                      return (
                        <li key={i} title={p.field}>
                          {g && <Typography.Text strong>{t('assess.model.problemIn', { group: groupName(Number(g[1])) })}</Typography.Text>}
                          {say(p)}
                        </li>
                      );
                    })}
                  </ul>
                }
              />
            )}
            {editing ? (
              <ModelEditor value={draft} onChange={setDraft} problems={problems} rungKeys={rungKeys} rung={rung} />
            ) : (
              <ModelView model={shown.model} unitName={unitName} rung={rung} />
            )}
          </Card>
        )}
      </div>
    </div>
  );
}
