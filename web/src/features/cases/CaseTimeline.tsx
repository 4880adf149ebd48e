import { Link } from 'react-router-dom';
import { Flex, Image, Space, Tag, Timeline, Typography } from 'antd';
import type { CaseAction } from '../../../../src/shared/case-enums.js';
import { EVENT_ACTOR_LABELS } from '../../../../src/shared/case-enums.js';
import type { CaseEventView, Category } from '../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../api/cases.js';
import type { MessageKey } from '../../i18n/zh-CN.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { categoryTitle, useCaseText } from './caseUi.js';

const COLORS: Partial<Record<CaseAction, string>> = {
  report: 'gray',
  reject: 'red',
  return: 'red',
  verify_reopen: 'red',
  deny_extension: 'red',
  rectify: 'blue',
  verify_close: 'green',
  suspend: 'gray',
  merge: 'gray',
};

const PHASES: Record<string, MessageKey> = { report: 'photo.report', before: 'photo.before', after: 'photo.after', verify: 'photo.verify' };

/** Photos of one event: thumbnails, a tap opens the public (metadata-stripped) copy. */
function Photos({ photos }: { photos: CaseEventView['photos'] }) {
  const { t } = useI18n();
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={6} wrap style={{ marginTop: 6 }}>
        {photos.map((p) => (
          <div key={p.id} style={{ textAlign: 'center' }} data-testid={`photo-${p.id}`} data-phase={p.phase}>
            <Image
              width={72}
              height={72}
              style={{ objectFit: 'cover', borderRadius: 4 }}
              src={casesApi.fileUrl(p.id, 'thumb')}
              preview={{ src: casesApi.fileUrl(p.id, 'public') }}
              alt={t(PHASES[p.phase] ?? 'case.photos')}
            />
            <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.45)' }}>{t(PHASES[p.phase] ?? 'case.photos')}</div>
          </div>
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/**
 * Every event of a case, oldest first: who, when, what (the action's label), the state
 * it moved to, the note or reason, deadline and unit changes, and the photos.
 */
export function CaseTimeline({
  events,
  unitName,
  byCode,
}: {
  events: CaseEventView[];
  unitName: (id: number) => string;
  byCode: Map<string, Category>;
}) {
  const { t, label } = useI18n();
  const text = useCaseText();
  let category: unknown;
  let severity: unknown;
  const items = events.map((e) => {
    const d = e.data;
    // Accept may correct the category or severity; say so only when it did.
    const reclassified = e.action === 'accept' && (d.categoryCode !== category || d.severity !== severity);
    if (typeof d.categoryCode === 'string') category = d.categoryCode;
    if (typeof d.severity === 'string') severity = d.severity;
    const lines: string[] = [];
    if (e.deadlineAfter && e.deadlineAfter !== e.deadlineBefore) {
      lines.push(
        e.deadlineBefore
          ? t('event.deadlineChange', { from: fmtTime(e.deadlineBefore), to: fmtTime(e.deadlineAfter) })
          : t('event.deadlineSet', { to: fmtTime(e.deadlineAfter) }),
      );
    } else if (e.deadlineAfter && (e.action === 'dispatch' || e.action === 'redispatch' || e.action === 'verify_reopen')) {
      lines.push(t('event.deadlineSet', { to: fmtTime(e.deadlineAfter) }));
    }
    if (e.unitAfter && e.unitAfter !== e.unitBefore) lines.push(t('event.unitTo', { unit: e.unitAfterName ?? unitName(e.unitAfter) }));
    if (typeof d.requestedDeadline === 'string') lines.push(t('event.requested', { date: fmtTime(d.requestedDeadline) }));
    if (typeof d.reviewDate === 'string') lines.push(t('event.reviewDate', { date: d.reviewDate }));
    if (reclassified && typeof d.categoryCode === 'string' && typeof d.severity === 'string')
      lines.push(
        t('event.reclassified', { category: categoryTitle(d.categoryCode, byCode), severity: text.severity(d.severity as never) }),
      );
    return {
      key: e.seq,
      color: COLORS[e.action] ?? 'blue',
      children: (
        <div data-testid={`event-${e.seq}`} data-action={e.action}>
          <Space wrap size={6}>
            <Typography.Text strong data-testid={`timeline-${e.action}`}>
              {text.action(e.action)}
            </Typography.Text>
            <Tag>{text.state(e.toState)}</Tag>
            <Typography.Text type="secondary">
              <span data-testid="event-actor">
                {e.actorKind ? label(EVENT_ACTOR_LABELS[e.actorKind]) : (e.actorName ?? t('event.system'))}
              </span>{' '}
              · {fmtTime(e.at)}
            </Typography.Text>
            {d.deadlineOverridden === true && <Tag color="orange">{t('event.overridden')}</Tag>}
          </Space>
          {e.note && (
            <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} data-testid="event-note">
              {e.note}
            </Typography.Paragraph>
          )}
          {lines.map((l) => (
            <div key={l} style={{ color: 'rgba(0,0,0,0.65)', fontSize: 13 }}>
              {l}
            </div>
          ))}
          {typeof d.targetCaseId === 'number' && (
            <Link to={`/cases/${d.targetCaseId}`}>{t('event.mergedInto', { number: e.targetCaseNumber ?? '' })}</Link>
          )}
          <Photos photos={e.photos} />
        </div>
      ),
    };
  });
  return (
    <div data-testid="case-timeline">
      <Timeline items={items} />
    </div>
  );
}
