import { useState } from 'react';
import { App as AntApp, Button, Upload } from 'antd';
import { FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportRowError } from '../../../../src/shared/contracts/imports.contract.js';
import { ApiError } from '../../api/client.js';
import { projectsApi } from '../../api/projects.js';
import { ImportErrorsModal } from '../../components/ImportExport.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';

/**
 * 导入 and 下载模板 of the register (the projects office): the import is all or nothing, and a
 * refused sheet lists each bad row and column (docs/IMPORT-TEMPLATES.md).
 */
export function ProjectImportButtons({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<'import' | 'template' | null>(null);
  const [errors, setErrors] = useState<ImportRowError[] | null>(null);

  async function doImport(file: File) {
    setBusy('import');
    try {
      const r = await projectsApi.importXlsx(file);
      void message.success(t('project.imported', { n: r.created }));
      onImported();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 422 || e.status === 400)) {
        const list = (e.details?.errors as ImportRowError[] | undefined) ?? [];
        setErrors(list.length ? list : [{ sheet: '', row: 0, message: errorText(e) }]);
      }
    } finally {
      setBusy(null);
    }
  }

  async function template() {
    setBusy('template');
    try {
      await projectsApi.templateXlsx();
    } catch {
      // toasted by the client
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void doImport(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy === 'import'} data-testid="project-import">
          {t('project.import')}
        </Button>
      </Upload>
      <Button icon={<FileExcelOutlined />} loading={busy === 'template'} onClick={() => void template()} data-testid="project-template">
        {t('project.template')}
      </Button>
      <ImportErrorsModal errors={errors} onClose={() => setErrors(null)} />
    </>
  );
}
