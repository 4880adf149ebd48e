import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  List,
  Space,
  Tag,
  TimePicker,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { CameraOutlined, EnvironmentOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { projectVisitsApi } from '../../api/project-visits.js';
import { beijingToday, fmtTime, pickerDay } from '../../components/time.js';
import { useApi } from '../../components/useApi.js';
import { VisitWeekTag } from './VisitWeekTag.js';
import { useI18n } from '../../i18n/i18n.js';
import { VISIT_PLACE_CHECK_LABELS } from '../../../../src/shared/project-visit-enums.js';
import { filesOf } from '../cases/PhotoPicker.js';

const MAX_FILES = 9;

interface Values {
  visitDate: Dayjs;
  visitTime?: Dayjs;
  place: string;
  solved: string;
}

/** The phone's position, or null when denied / unavailable / slow. */
function locate(): Promise<{ lon: number; lat: number } | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60_000 },
    );
  });
}

/**
 * 现场办公 on a project's page: this and the last weeks against the target, the visits (place,
 * what was solved, photos, the distance from the project and whether it counts), and — for the
 * leader in charge, the projects office or the work team — the log form with photos and the
 * phone's position.
 */
export function ProjectVisitsCard({ projectId }: { projectId: number }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const loaded = useApi(() => projectVisitsApi.list(projectId), projectId);
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [pos, setPos] = useState<{ lon: number; lat: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const d = loaded.data;

  async function here() {
    const p = await locate();
    if (!p) void message.warning(t('visit.locateFailed'));
    setPos(p);
  }

  async function submit(v: Values) {
    setBusy(true);
    try {
      await projectVisitsApi.log(
        projectId,
        {
          visitDate: pickerDay(v.visitDate),
          ...(v.visitTime ? { visitTime: v.visitTime.format('HH:mm') } : {}),
          place: v.place.trim(),
          solved: v.solved.trim(),
          ...(pos ? { lon: pos.lon, lat: pos.lat } : {}),
        },
        filesOf(files),
      );
      void message.success(t('visit.logged'));
      form.resetFields();
      setFiles([]);
      setPos(null);
      loaded.reload();
    } catch {
      // toasted by the client (the server names the field)
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('visit.card')} size="small" style={{ marginTop: 16 }} data-testid="project-visits" loading={loaded.loading && !d}>
      {d && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {d.leader ? `${t('visit.leader')}：${d.leader.name} · ` : ''}
            {t('visit.target', { n: d.target, m: d.radiusM })}
          </Typography.Paragraph>
          {!d.leader && <Typography.Paragraph type="warning">{t('visit.noLeader')}</Typography.Paragraph>}
          <Space wrap style={{ marginBottom: 12 }} data-testid="project-visit-weeks">
            {d.weeks.slice(-2).map((w) => (
              <VisitWeekTag key={w.week} w={w} withLabel testId={`visit-week-${w.week}`} />
            ))}
          </Space>
          {d.canLog && (
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={(v) => void submit(v)}
              initialValues={{ visitDate: dayjs(beijingToday()) }}
              data-testid="visit-form"
            >
              <Space wrap>
                <Form.Item name="visitDate" label={t('visit.date')} rules={[{ required: true, message: t('visit.required') }]}>
                  <DatePicker disabledDate={(x) => pickerDay(x) > beijingToday()} data-testid="visit-form-date" />
                </Form.Item>
                <Form.Item name="visitTime" label={t('visit.time')}>
                  <TimePicker format="HH:mm" data-testid="visit-form-time" />
                </Form.Item>
              </Space>
              <Form.Item name="place" label={t('visit.place')} rules={[{ required: true, whitespace: true, message: t('visit.required') }]}>
                <Input maxLength={200} data-testid="visit-form-place" />
              </Form.Item>
              <Form.Item
                name="solved"
                label={t('visit.solved')}
                rules={[{ required: true, whitespace: true, message: t('visit.required') }]}
              >
                <Input.TextArea rows={3} maxLength={4000} data-testid="visit-form-solved" />
              </Form.Item>
              <Form.Item label={t('visit.position')}>
                <Space wrap>
                  <Button icon={<EnvironmentOutlined />} onClick={() => void here()} data-testid="visit-form-locate">
                    {t('visit.locate')}
                  </Button>
                  <span data-testid="visit-form-position">
                    {pos ? t('visit.located', { lon: pos.lon.toFixed(5), lat: pos.lat.toFixed(5) }) : t('visit.noPosition')}
                  </span>
                </Space>
              </Form.Item>
              <Form.Item label={t('visit.photos')}>
                <Upload
                  accept="image/jpeg,image/png,image/webp"
                  multiple
                  listType="picture"
                  fileList={files}
                  beforeUpload={() => false}
                  onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
                >
                  <Button icon={<CameraOutlined />} disabled={files.length >= MAX_FILES} data-testid="visit-form-photos">
                    {t('visit.photos')}
                  </Button>
                </Upload>
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="visit-form-submit">
                {t('visit.log')}
              </Button>
            </Form>
          )}
          <List
            size="small"
            style={{ marginTop: 12 }}
            dataSource={d.items}
            // Newest first, five at a time: three visits a week fill a phone screen in a month.
            pagination={d.items.length > 5 ? { pageSize: 5, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: t('visit.empty') }}
            data-testid="visit-list"
            renderItem={(v) => (
              <List.Item data-testid={`visit-${v.id}`}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>
                        {v.visitDate} · {v.place}
                      </span>
                      <Tag color={v.placeCheck === 'on_site' ? 'green' : v.counts ? 'default' : 'red'}>
                        {label(VISIT_PLACE_CHECK_LABELS[v.placeCheck])}
                        {v.counts ? '' : ` · ${t('visit.notCounted')}`}
                      </Tag>
                      {v.distanceM !== null && (
                        <Typography.Text type="secondary">{t('visit.distance', { m: v.distanceM })}</Typography.Text>
                      )}
                    </Space>
                  }
                  description={
                    <>
                      <div>{v.solved}</div>
                      <Typography.Text type="secondary">
                        {t('visit.leader')}
                        {t('common.colon')}
                        {v.leader.name} · {t('visit.recordedBy')}
                        {t('common.colon')}
                        {v.recordedBy.name} · {fmtTime(v.recordedAt)}
                      </Typography.Text>
                      {v.photos.length > 0 && (
                        <div style={{ marginTop: 4 }}>
                          {v.photos.map((f) => (
                            <a key={f.id} href={projectVisitsApi.photoUrl(projectId, v.id, f.id)} target="_blank" rel="noreferrer">
                              <img
                                src={projectVisitsApi.photoUrl(projectId, v.id, f.id)}
                                alt={f.name ?? ''}
                                style={{ width: 64, height: 48, objectFit: 'cover', marginRight: 4 }}
                              />
                            </a>
                          ))}
                        </div>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
