/**
 * A new report near an open case of its category (409 duplicate_candidates): each
 * candidate as a "我也遇到" card (+1, with its own optional photo), or report anyway.
 */
import { useState } from 'react';
import type { DuplicateCandidate } from '../../../src/shared/contracts/public.contract.js';
import { PUBLIC_STAGE_LABELS } from '../../../src/shared/public-enums.js';
import { publicApi } from '../api/public.js';
import { fmtTime, useT } from './i18n.js';
import { errorText, proofOfWork } from './send.js';

interface Props {
  candidates: DuplicateCandidate[];
  /** Progress text while the forced report is being sent. */
  busy: string | null;
  onNotSame: () => void;
}

export function DuplicateList({ candidates, busy, onNotSame }: Props) {
  const { t } = useT();
  return (
    <section className="pm-dups" data-testid="duplicates">
      <h2>{t('dupTitle')}</h2>
      <p>{t('dupIntro')}</p>
      {candidates.map((c) => (
        <Candidate key={c.number} c={c} />
      ))}
      <button type="button" className="pm-secondary pm-wide" disabled={Boolean(busy)} onClick={onNotSame} data-testid="not-same">
        {busy ?? t('notSame')}
      </button>
    </section>
  );
}

function Candidate({ c }: { c: DuplicateCandidate }) {
  const { t, lang } = useT();
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const plusOne = async () => {
    setProblem(null);
    setBusy(t('working', { p: '0%' }));
    try {
      const pow = await proofOfWork((f) => setBusy(t('working', { p: `${Math.round(f * 100)}%` })));
      setBusy(t('sending'));
      const form = new FormData();
      form.set('challenge', pow.challenge);
      form.set('nonce', pow.nonce);
      if (photo) form.append('photo', photo, photo.name || 'photo.jpg');
      setCount((await publicApi.plusOne(c.number, form)).plusOnes);
    } catch (e) {
      setProblem(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <article className="pm-card pm-candidate" data-testid={`candidate-${c.number}`}>
      <header>
        <strong>{c.categoryName}</strong>
        <span className="pm-stage">{PUBLIC_STAGE_LABELS[c.stage][lang]}</span>
      </header>
      <p>{c.description}</p>
      <p className="pm-hint">
        {c.number} · {fmtTime(c.reportedAt)} · {t('dupDistance', { m: c.distanceM })}
        {c.plusOnes > 0 && ` · ${t('dupPlusOnes', { n: c.plusOnes })}`}
      </p>
      {count === null ? (
        <>
          <label className="pm-add-photo pm-small">
            <input type="file" accept="image/*" capture="environment" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
            {photo ? photo.name : t('metooPhoto')}
          </label>
          <button type="button" className="pm-primary" disabled={Boolean(busy)} onClick={() => void plusOne()}>
            {busy ?? t('metoo')}
          </button>
        </>
      ) : (
        <p className="pm-ok" role="status">
          {t('metooDone', { n: count })}
        </p>
      )}
      {problem && (
        <p className="pm-error" role="alert">
          {problem}
        </p>
      )}
    </article>
  );
}
