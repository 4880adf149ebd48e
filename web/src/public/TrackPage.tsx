/**
 * The tracking page (issue 15 point 2): /track/:number?t=token shows the case as the
 * public may see it (PublicCaseView), the rating form once it is closed (point 3), and a
 * lookup form by number (+ code). By number alone: the minimal view if HQ allows it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { PublicCaseView, SatisfactionReply } from '../../../src/shared/contracts/public.contract.js';
import {
  PUBLIC_STAGE_LABELS,
  SATISFACTION_LABELS,
  SATISFACTION_RATINGS,
  type SatisfactionRating,
} from '../../../src/shared/public-enums.js';
import { ApiError, publicApi } from '../api/public.js';
import { fmtTime, useT } from './i18n.js';
import { errorText } from './send.js';

const NUMBER = /^\d{4}-\d{6}$/;

export function TrackPage({ number, token }: { number: string | null; token: string | null }) {
  const { t } = useT();
  const [view, setView] = useState<PublicCaseView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!number) return;
    if (!NUMBER.test(number)) return setProblem(t('badNumber'));
    setLoading(true);
    publicApi
      .track(number, token)
      .then(setView)
      .catch((e: unknown) => {
        if (e instanceof ApiError && !token && (e.status === 403 || e.status === 404)) setProblem(`${e.message}。${t('useLink')}`);
        else setProblem(errorText(e, t));
      })
      .finally(() => setLoading(false));
    // The language switch re-renders; the case need not be fetched again.
  }, [number, token]);

  return (
    <>
      {loading && <p className="pm-hint">{t('loading')}</p>}
      {problem && (
        <p className="pm-error" role="alert" data-testid="track-problem">
          {problem}
        </p>
      )}
      {view && <CaseView view={view} token={token} />}
      <Lookup number={number} />
    </>
  );
}

function Lookup({ number }: { number: string | null }) {
  const { t } = useT();
  const [n, setN] = useState(number ?? '');
  // The code is not filled in again: the page may be on a shared screen.
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const num = n.trim();
    if (!NUMBER.test(num)) return setProblem(t('badNumber'));
    window.location.assign(`/track/${num}${code.trim() ? `?t=${encodeURIComponent(code.trim())}` : ''}`);
  };
  return (
    <form className="pm-card pm-lookup" onSubmit={submit} noValidate>
      <h2>{t('trackTitle')}</h2>
      <input
        className="pm-input"
        value={n}
        placeholder={t('lookupNumber')}
        onChange={(e) => setN(e.target.value)}
        data-testid="lookup-number"
      />
      <input className="pm-input" value={code} placeholder={t('lookupToken')} onChange={(e) => setCode(e.target.value)} />
      {problem && <p className="pm-error">{problem}</p>}
      <button type="submit" className="pm-secondary">
        {t('lookup')}
      </button>
    </form>
  );
}

function CaseView({ view, token }: { view: PublicCaseView; token: string | null }) {
  const { t, lang } = useT();
  const [rated, setRated] = useState<SatisfactionReply | null>(null);
  const before = view.photos.filter((p) => p.kind === 'before');
  const after = view.photos.filter((p) => p.kind === 'after');
  const rating = rated ?? (view.satisfaction ? { ...view.satisfaction, sentToHq: view.satisfaction.rating === 'dissatisfied' } : null);
  return (
    <section className="pm-card pm-case" data-testid="case-view">
      <header className="pm-case-head">
        <span className="pm-number">{view.number}</span>
        <span className={`pm-stage pm-stage-${view.stage}`} data-testid="stage">
          {lang === 'zh' ? view.stageText || PUBLIC_STAGE_LABELS[view.stage].zh : PUBLIC_STAGE_LABELS[view.stage].en}
        </span>
      </header>
      <h2>{view.categoryName}</h2>
      <p>{view.description}</p>
      <dl className="pm-facts">
        <dt>{t('reportedAt')}</dt>
        <dd>{fmtTime(view.reportedAt)}</dd>
        {view.address && (
          <>
            <dt>{t('addressLabel')}</dt>
            <dd>{view.address}</dd>
          </>
        )}
        {view.unitName && (
          <>
            <dt>{t('unit')}</dt>
            <dd data-testid="unit-name">{view.unitName}</dd>
          </>
        )}
        {view.deadline && (
          <>
            <dt>{t('deadline')}</dt>
            <dd>{fmtTime(view.deadline)}</dd>
          </>
        )}
        {view.closedAt && (
          <>
            <dt>{t('closedAt')}</dt>
            <dd>{fmtTime(view.closedAt)}</dd>
          </>
        )}
        {view.closingNote && (
          <>
            <dt>{t('closingNote')}</dt>
            <dd>{view.closingNote}</dd>
          </>
        )}
      </dl>
      {view.plusOnes > 0 && <p className="pm-hint">{t('plusOnes', { n: view.plusOnes })}</p>}
      {!view.full && <p className="pm-hint">{t('minimalNote')}</p>}
      {(before.length > 0 || after.length > 0) && (
        <div className="pm-compare">
          <Photos title={t('before')} urls={before.map((p) => p.url)} testId="photos-before" />
          <Photos title={t('after')} urls={after.map((p) => p.url)} testId="photos-after" />
        </div>
      )}
      {view.timeline.length > 0 && (
        <>
          <h3>{t('timeline')}</h3>
          <ol className="pm-timeline" data-testid="timeline">
            {view.timeline.map((e, i) => (
              <li key={i}>
                <time>{fmtTime(e.at)}</time>
                <span>{lang === 'zh' ? e.text : PUBLIC_STAGE_LABELS[e.stage].en}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {rating ? (
        <div className="pm-rated" data-testid="rated">
          <h3>{t('ratedTitle')}</h3>
          <p>
            <strong>{SATISFACTION_LABELS[rating.rating][lang]}</strong> · {t('ratedAt')} {fmtTime(rating.ratedAt)}
          </p>
          {rating.comment && <p>{rating.comment}</p>}
          <p className="pm-ok">{rating.sentToHq ? t('sentToHq') : t('thanks')}</p>
        </div>
      ) : (
        view.canRate && token && <RatingForm number={view.number} token={token} onRated={setRated} />
      )}
    </section>
  );
}

function Photos({ title, urls, testId }: { title: string; urls: string[]; testId: string }) {
  if (!urls.length) return null;
  return (
    <figure className="pm-photo-group" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {urls.map((u) => (
        <a key={u} href={u} target="_blank" rel="noreferrer">
          <img src={u} alt={title} loading="lazy" />
        </a>
      ))}
    </figure>
  );
}

function RatingForm({ number, token, onRated }: { number: string; token: string; onRated: (r: SatisfactionReply) => void }) {
  const { t, lang } = useT();
  const [rating, setRating] = useState<SatisfactionRating | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!rating) return setProblem(t('needRating'));
    setBusy(true);
    setProblem(null);
    try {
      onRated(await publicApi.rate(number, { token, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="pm-rating" onSubmit={(e) => void submit(e)} noValidate data-testid="rating-form">
      <h3>{t('rateTitle')}</h3>
      <div className="pm-choices" role="radiogroup">
        {SATISFACTION_RATINGS.map((r) => (
          <label key={r} className={rating === r ? 'pm-choice pm-chosen' : 'pm-choice'}>
            <input type="radio" name="rating" value={r} checked={rating === r} onChange={() => setRating(r)} data-testid={`rate-${r}`} />
            {SATISFACTION_LABELS[r][lang]}
          </label>
        ))}
      </div>
      <textarea
        className="pm-input"
        rows={3}
        maxLength={500}
        value={comment}
        placeholder={t('comment')}
        onChange={(e) => setComment(e.target.value)}
        data-testid="rate-comment"
      />
      {problem && (
        <p className="pm-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="pm-primary" disabled={busy} data-testid="rate-submit">
        {t('rateSubmit')}
      </button>
    </form>
  );
}
