import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Input, InputNumber, Radio, Spin, Tag, Typography, type UploadFile } from 'antd';
import type { AnswerKind } from '../../../../src/shared/evaluation-enums.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { filesOf, PhotoPicker } from '../cases/PhotoPicker.js';
import type { StandardNode as Standard } from '../../../../src/shared/contracts/evaluation.contract.js';
import { locate, useCachedPoint, useChecklist, type Here } from './data.js';
import { registerServiceWorker } from './pwa.js';
import type { QueuedPhoto } from './store.js';
import { enqueue, startSync } from './sync.js';
import { SyncBar } from './SyncBar.js';
import { useLabels } from './labels.js';

interface Answer {
  answer?: AnswerKind;
  score?: number | null;
}

const KINDS: AnswerKind[] = ['pass', 'fail', 'na'];

/** The checklist of one point: an answer (or a score) per standard, photos, a note; saved to the device queue. */
export default function PointPage() {
  const { t } = useI18n();
  const { pointType, answer: answerName } = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const pointId = Number(useParams().id);
  const point = useCachedPoint(pointId);
  const checklist = useChecklist(pointId);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [photos, setPhotos] = useState<Record<string, UploadFile[]>>({});
  const [note, setNote] = useState('');
  const [here, setHere] = useState<Here | null | undefined>(undefined);
  const [openedAt] = useState(() => new Date().toISOString());
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    registerServiceWorker();
    startSync();
    void locate(8000).then(setHere);
  }, []);

  const standards = checklist.data?.standards ?? [];
  const set = (code: string, a: Answer) => setAnswers((prev) => ({ ...prev, [code]: { ...prev[code], ...a } }));

  const submit = async () => {
    const missing = standards.filter((s) =>
      s.passRule.kind === 'scored' ? answers[s.code]?.answer !== 'na' && answers[s.code]?.score == null : !answers[s.code]?.answer,
    );
    if (missing.length) return void message.warning(t('insp.unanswered', { n: missing.length }));
    const noPhoto = standards.find((s) => answers[s.code]?.answer === 'fail' && filesOf(photos[s.code]).length === 0);
    if (noPhoto) return void message.warning(t('insp.missingPhoto', { name: noPhoto.name }));
    setSaving(true);
    try {
      // A fix taken at submit time if the first one failed; the time is when the form was submitted.
      const position = here ?? (await locate(4000));
      const key = crypto.randomUUID();
      const queued: QueuedPhoto[] = [];
      for (const s of standards)
        for (const f of filesOf(photos[s.code]))
          queued.push({
            field: `photos_${s.code}`,
            name: f.name || 'photo.jpg',
            blob: new Blob([await f.arrayBuffer()], { type: f.type || 'image/jpeg' }),
          });
      await enqueue({
        key,
        pointName: point?.point.name ?? `#${pointId}`,
        createdAt: new Date().toISOString(),
        status: 'pending',
        photos: queued,
        command: {
          idempotencyKey: key,
          pointId,
          recordedAt: new Date().toISOString(),
          position: position ? { lon: position.lon, lat: position.lat, accuracy: position.accuracy } : null,
          note: note.trim() || null,
          answers: standards.map((s) => {
            const a = answers[s.code]!;
            const kind = s.passRule.kind === 'scored' && a.answer !== 'na' ? 'score' : a.answer!;
            return { standardCode: s.code, answer: kind, score: kind === 'score' ? (a.score ?? null) : null };
          }),
        },
      });
      message.success(t('insp.queued'));
      void navigate('/inspect/today');
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="page-inspect-point" style={{ maxWidth: 560, margin: '0 auto', paddingBottom: 48 }}>
      <Link to="/inspect/today">{t('insp.back')}</Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {point?.point.name ?? `#${pointId}`} {point && <Tag>{pointType(point.point.type)}</Tag>}
      </Typography.Title>
      <SyncBar />
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('insp.position')}>
          <span data-testid="insp-position">
            {here === undefined ? (
              <Spin size="small" />
            ) : here ? (
              t('insp.positionAt', { lon: here.lon.toFixed(5), lat: here.lat.toFixed(5), acc: Math.round(here.accuracy ?? 0) })
            ) : (
              t('insp.positionNone')
            )}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('insp.time')}>{fmtTime(openedAt)}</Descriptions.Item>
      </Descriptions>
      {checklist.loading ? (
        <Spin />
      ) : !checklist.data ? (
        <Alert type="warning" message={t('insp.noChecklist')} data-testid="no-checklist" />
      ) : (
        <Flex vertical gap={12}>
          {standards.map((s) => (
            <StandardCard
              key={s.code}
              s={s}
              value={answers[s.code] ?? {}}
              onChange={(a) => set(s.code, a)}
              photos={photos[s.code] ?? []}
              onPhotos={(list) => setPhotos((p) => ({ ...p, [s.code]: list }))}
              kinds={KINDS.map((k) => ({ value: k, label: answerName(k) }))}
            />
          ))}
          <Input.TextArea
            rows={3}
            placeholder={t('insp.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={2000}
            data-testid="insp-note"
          />
          <Button
            type="primary"
            size="large"
            block
            style={{ height: 56, fontSize: 18 }}
            loading={saving}
            onClick={() => void submit()}
            data-testid="insp-submit"
          >
            {t('insp.submit')}
          </Button>
        </Flex>
      )}
    </div>
  );
}

interface CardProps {
  s: Standard;
  value: Answer;
  onChange: (a: Answer) => void;
  photos: UploadFile[];
  onPhotos: (list: UploadFile[]) => void;
  kinds: { value: AnswerKind; label: string }[];
}

function StandardCard({ s, value, onChange, photos, onPhotos, kinds }: CardProps) {
  const { t } = useI18n();
  const scored = s.passRule.kind === 'scored';
  const max = s.passRule.kind === 'scored' ? s.passRule.max : s.points;
  const failed = value.answer === 'fail';
  return (
    <Card
      size="small"
      data-testid={`std-${s.code}`}
      title={<span style={{ whiteSpace: 'normal' }}>{s.name}</span>}
      extra={<Typography.Text type="secondary">{t('insp.points', { p: s.points })}</Typography.Text>}
    >
      <Flex vertical gap={8}>
        {scored ? (
          <Flex gap={8} align="center" wrap>
            <InputNumber
              min={0}
              max={max}
              step={0.5}
              value={value.score ?? null}
              disabled={value.answer === 'na'}
              placeholder={t('insp.score', { max })}
              onChange={(v) => onChange({ score: v, answer: undefined })}
              data-testid={`score-${s.code}`}
              style={{ width: 140 }}
              size="large"
            />
            <Radio.Group
              value={value.answer === 'na' ? 'na' : undefined}
              onChange={() => onChange({ answer: value.answer === 'na' ? undefined : 'na', score: null })}
              optionType="button"
              buttonStyle="solid"
              size="large"
              options={kinds.filter((k) => k.value === 'na')}
            />
          </Flex>
        ) : (
          <Radio.Group
            value={value.answer}
            onChange={(e) => onChange({ answer: e.target.value as AnswerKind })}
            optionType="button"
            buttonStyle="solid"
            size="large"
            data-testid={`answer-${s.code}`}
            options={kinds.map((k) => ({ ...k, 'data-testid': `answer-${s.code}-${k.value}` }) as { value: AnswerKind; label: string })}
          />
        )}
        {failed && <Typography.Text type="danger">{t('insp.photoRequired')}</Typography.Text>}
        <PhotoPicker value={photos} onChange={onPhotos} max={6} data-testid={`photos-${s.code}`} />
      </Flex>
    </Card>
  );
}
