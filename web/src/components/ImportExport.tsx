import { useState } from 'react';
import { App as AntApp, Alert, Button, Modal, Table, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportResult, ImportRowError } from '../../../src/shared/contracts/imports.contract.js';
import { ApiError } from '../api/client.js';
import { unitsApi } from '../api/units.js';
import { usersApi } from '../api/users.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './useErrorText.js';

/** The units and the users answer the same three calls. */
const CLIENTS = { units: unitsApi, users: usersApi };

interface Props {
  /** `units` or `users`: the API has the same three endpoints for both. */
  resource: 'units' | 'users';
  canImport: boolean;
  canExport: boolean;
  onImported?: (r: ImportResult) => void;
}

/** 导入 / 导出 / 下载模板, with the refused-import report in a modal. */
export function ImportExportButtons({ resource, canImport, canExport, onImported }: Props) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<'import' | 'export' | 'template' | null>(null);
  const [errors, setErrors] = useState<ImportRowError[] | null>(null);

  async function doImport(file: File) {
    setBusy('import');
    try {
      const bytes = await file.arrayBuffer();
      const r = await CLIENTS[resource].importXlsx(bytes);
      void message.success(t('import.done', { created: r.created, updated: r.updated }));
      onImported?.(r);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const list = (e.details?.errors as ImportRowError[] | undefined) ?? [];
        setErrors(list.length ? list : [{ sheet: '', row: 0, message: errorText(e) }]);
      }
    } finally {
      setBusy(null);
    }
  }

  async function doDownload(kind: 'export' | 'template') {
    setBusy(kind);
    try {
      await (kind === 'export' ? CLIENTS[resource].exportXlsx() : CLIENTS[resource].templateXlsx());
    } catch {
      // The client already showed the server's message.
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {canImport && (
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void doImport(file);
            return false; // we send the bytes ourselves, not as multipart
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy === 'import'} data-testid={`import-${resource}`}>
            {t('import.import')}
          </Button>
        </Upload>
      )}
      {canExport && (
        <Button
          icon={<DownloadOutlined />}
          loading={busy === 'export'}
          onClick={() => void doDownload('export')}
          data-testid={`export-${resource}`}
        >
          {t('import.export')}
        </Button>
      )}
      {canImport && (
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === 'template'}
          onClick={() => void doDownload('template')}
          data-testid={`template-${resource}`}
        >
          {t('import.template')}
        </Button>
      )}
      <ImportErrorsModal errors={errors} onClose={() => setErrors(null)} />
    </>
  );
}

/** A refused import's rows: each problem and its column in the UI's language when the server said them so. */
export function ImportErrorsModal({ errors, onClose }: { errors: ImportRowError[] | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  return (
    <Modal
      open={errors !== null}
      title={t('import.failedTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="import-errors-close">
          {t('common.close')}
        </Button>
      }
      width={760}
    >
      <div data-testid="import-errors">
        <Alert type="error" showIcon message={t('import.nothingWritten', { n: errors?.length ?? 0 })} style={{ marginBottom: 12 }} />
        <Table<ImportRowError & { i: number }>
          rowKey="i"
          size="small"
          pagination={errors && errors.length > 10 ? { pageSize: 10 } : false}
          dataSource={(errors ?? []).map((e, i) => ({ ...e, i }))}
          columns={[
            {
              title: t('import.sheet'),
              key: 'sheet',
              width: 120,
              render: (_: unknown, e: ImportRowError) => e.sheetName?.[lang] ?? e.sheet,
            },
            { title: t('import.row'), dataIndex: 'row', width: 80 },
            {
              title: t('import.field'),
              key: 'field',
              width: 140,
              render: (_: unknown, e: ImportRowError) => e.column?.[lang] ?? e.field ?? '—',
            },
            { title: t('import.message'), key: 'message', render: (_: unknown, e: ImportRowError) => e.text?.[lang] ?? e.message },
          ]}
        />
      </div>
    </Modal>
  );
}
