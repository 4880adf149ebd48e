import { useState } from 'react';
import { Button, Flex, Image, Upload, type UploadFile } from 'antd';
import { CameraOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.js';

interface Props {
  value?: UploadFile[];
  onChange?: (files: UploadFile[]) => void;
  max?: number;
  'data-testid'?: string;
}

/** The `File`s behind an Upload list (everything stays client-side until the one submit). */
export function filesOf(list: UploadFile[] | undefined): File[] {
  return (list ?? []).map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
}

/**
 * Several photos with previews, kept in the browser and sent with the form in one
 * multipart request. "Take photo" opens the camera on phones; the "+" tile picks from
 * the gallery (or files on a desktop).
 */
export function PhotoPicker({ value = [], onChange, max = 9, ...rest }: Props) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<string | null>(null);

  // beforeUpload → false keeps each pick in the list (with its File) without sending it;
  // both Uploads share one controlled list, so onChange always carries all photos.
  const change = (list: UploadFile[]) => onChange?.(list.slice(0, max));

  const full = value.length >= max;
  return (
    <div data-testid={rest['data-testid']}>
      <Upload
        listType="picture-card"
        accept="image/jpeg,image/png,image/webp"
        multiple
        fileList={value}
        // Never upload on pick: the form sends everything at once.
        beforeUpload={() => false}
        onChange={({ fileList }) => change(fileList)}
        onPreview={(f) => setPreview(f.thumbUrl ?? f.url ?? (f.originFileObj ? URL.createObjectURL(f.originFileObj) : null))}
      >
        {full ? null : (
          <div>
            <PlusOutlined />
            <div style={{ marginTop: 4 }}>{t('report.addPhoto')}</div>
          </div>
        )}
      </Upload>
      {!full && (
        <Flex>
          <Upload
            accept="image/*"
            capture="environment"
            multiple
            showUploadList={false}
            fileList={value}
            beforeUpload={() => false}
            onChange={({ fileList }) => change(fileList)}
          >
            <Button icon={<CameraOutlined />} size="large" data-testid="take-photo">
              {t('report.takePhoto')}
            </Button>
          </Upload>
        </Flex>
      )}
      {preview && (
        <Image
          style={{ display: 'none' }}
          src={preview}
          preview={{ visible: true, src: preview, onVisibleChange: (v) => !v && setPreview(null) }}
        />
      )}
    </div>
  );
}
