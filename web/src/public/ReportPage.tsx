/**
 * The public report page (issue 15 point 1): category, description, 1–3 photos, a point
 * (the phone's position or a tap on the map, inside the city), optional contact with
 * consent. Sending solves a proof of work first; a 409 offers the nearby open cases as
 * "我也遇到"; a 201 shows the number and the private follow-up link once.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DuplicateCandidate, PublicConfig, PublicReportReply } from '../../../src/shared/contracts/public.contract.js';
import { ApiError, publicApi } from '../api/public.js';
import { CityMap, inBox } from './CityMap.js';
import { DuplicateList } from './DuplicateList.js';
import { useT } from './i18n.js';
import { shrinkPhoto } from './photos.js';
import { errorText, proofOfWork } from './send.js';

interface Photo {
  blob: Blob;
  url: string;
}

export function ReportPage({ config }: { config: PublicConfig }) {
  const { t } = useT();
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [address, setAddress] = useState('');
  const [positionPrivate, setPositionPrivate] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const [done, setDone] = useState<PublicReportReply | null>(null);

  // Previews are freed when removed (below) and when the page goes; not on every change,
  // which would free the previews still shown.
  const shown = useRef<Photo[]>([]);
  shown.current = photos;
  useEffect(() => () => shown.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  if (!config.intakeOpen)
    return (
      <section className="pm-card pm-paused" data-testid="paused">
        <h2>{t('paused')}</h2>
        <p>{config.pausedMessage}</p>
      </section>
    );
  if (!config.categories.length)
    return (
      <section className="pm-card pm-paused" data-testid="no-categories">
        <p>{t('noCategories')}</p>
      </section>
    );
  if (done) return <Done reply={done} onAnother={() => window.location.assign('/report')} />;

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const room = config.maxPhotos - photos.length;
    if (files.length > room) setProblem(t('tooManyPhotos', { n: config.maxPhotos }));
    const added: Photo[] = [];
    for (const f of [...files].slice(0, Math.max(0, room))) {
      const blob = await shrinkPhoto(f, config.maxPhotoBytes);
      added.push({ blob, url: URL.createObjectURL(blob) });
    }
    setPhotos((p) => [...p, ...added]);
  };

  const pick = (lon: number, lat: number) => {
    if (!inBox(lon, lat, config.cityBbox)) return setProblem(t('outsideCity'));
    setProblem(null);
    setPoint([lon, lat]);
  };

  const locate = () => {
    if (!navigator.geolocation) return setProblem(t('geoFailed'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const lon = Math.round(pos.coords.longitude * 1e6) / 1e6;
        const lat = Math.round(pos.coords.latitude * 1e6) / 1e6;
        if (inBox(lon, lat, config.cityBbox)) pick(lon, lat);
        else setProblem(t('outsideCity'));
      },
      () => {
        setLocating(false);
        setProblem(t('geoFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const check = (): string | null => {
    if (!category) return t('needCategory');
    if (!description.trim()) return t('needDescription');
    if (!photos.length) return t('needPhoto');
    if (!point) return t('needPoint');
    if ((name.trim() || phone.trim()) && !consent) return t('needConsent');
    return null;
  };

  const send = async (force: boolean) => {
    setProblem(null);
    setProgress(t('working', { p: '0%' }));
    try {
      const pow = await proofOfWork((f) => setProgress(t('working', { p: `${Math.round(f * 100)}%` })));
      setProgress(t('sending'));
      const form = new FormData();
      form.set('categoryCode', category);
      form.set('description', description.trim());
      form.set('lon', String(point![0]));
      form.set('lat', String(point![1]));
      if (address.trim()) form.set('address', address.trim());
      if (name.trim()) form.set('reporterName', name.trim());
      if (phone.trim()) form.set('reporterPhone', phone.trim());
      if (name.trim() || phone.trim()) form.set('consent', String(consent));
      if (positionPrivate) form.set('positionPrivate', 'true');
      if (force) form.set('force', 'true');
      form.set('challenge', pow.challenge);
      form.set('nonce', pow.nonce);
      photos.forEach((p, i) => form.append('photo', p.blob, `photo-${i + 1}.jpg`));
      setDone(await publicApi.report(form));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && Array.isArray(e.details?.candidates)) {
        setCandidates(e.details.candidates as DuplicateCandidate[]);
      } else setProblem(errorText(e, t));
    } finally {
      setProgress(null);
    }
  };

  if (candidates)
    return (
      <DuplicateList
        candidates={candidates}
        busy={progress}
        onNotSame={() => {
          setCandidates(null);
          void send(true);
        }}
      />
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = check();
    if (p) return setProblem(p);
    void send(false);
  };

  return (
    <form className="pm-form" onSubmit={submit} noValidate data-testid="report-form">
      <label className="pm-field">
        <span>{t('category')}</span>
        <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="category">
          <option value="">{t('chooseCategory')}</option>
          {config.categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.group ? `${c.group} · ${c.name}` : c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="pm-field">
        <span>{t('description')}</span>
        <textarea
          rows={4}
          maxLength={1000}
          value={description}
          placeholder={t('descriptionHint')}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="description"
        />
      </label>
      <fieldset className="pm-field">
        <legend>
          {t('photos')} <small>{t('photosHint', { n: config.maxPhotos })}</small>
        </legend>
        <div className="pm-photos">
          {photos.map((p, i) => (
            <figure key={p.url}>
              <img src={p.url} alt="" />
              <button
                type="button"
                onClick={() => {
                  URL.revokeObjectURL(p.url);
                  setPhotos((all) => all.filter((_, j) => j !== i));
                }}
              >
                {t('removePhoto')}
              </button>
            </figure>
          ))}
          {photos.length < config.maxPhotos && (
            <label className="pm-add-photo">
              <input
                type="file"
                accept="image/*"
                capture="environment"
                multiple
                onChange={(e) => {
                  void addPhotos(e.target.files);
                  e.target.value = '';
                }}
                data-testid="photo-input"
              />
              {t('addPhoto')}
            </label>
          )}
        </div>
      </fieldset>
      <fieldset className="pm-field">
        <legend>{t('location')}</legend>
        <button type="button" className="pm-secondary" onClick={locate} disabled={locating} data-testid="locate">
          {locating ? t('locating') : t('useMyPosition')}
        </button>
        <p className="pm-hint">{t('pickOnMap')}</p>
        <CityMap bbox={config.cityBbox} tileUrl={config.tileUrl} onPick={pick} data-testid="pick-map">
          {(project) => {
            if (!point) return null;
            const [x, y] = project(point[0], point[1]);
            return <path className="pm-pin" d={`M${x} ${y} l-8 -18 a9 9 0 1 1 16 0 z`} />;
          }}
        </CityMap>
        <p className="pm-hint" data-testid="picked">
          {point ? t('picked', { lon: point[0].toFixed(5), lat: point[1].toFixed(5) }) : t('noPoint')}
        </p>
        <input
          className="pm-input"
          value={address}
          maxLength={200}
          placeholder={t('address')}
          onChange={(e) => setAddress(e.target.value)}
        />
        <label className="pm-check">
          <input type="checkbox" checked={positionPrivate} onChange={(e) => setPositionPrivate(e.target.checked)} />
          {t('positionPrivate')}
        </label>
      </fieldset>
      <fieldset className="pm-field">
        <legend>{t('contactTitle')}</legend>
        <input className="pm-input" value={name} maxLength={50} placeholder={t('name')} onChange={(e) => setName(e.target.value)} />
        <input
          className="pm-input"
          type="tel"
          inputMode="tel"
          value={phone}
          maxLength={20}
          placeholder={t('phone')}
          onChange={(e) => setPhone(e.target.value)}
        />
        <label className="pm-check">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="consent" />
          {t('consent')}
        </label>
      </fieldset>
      {problem && (
        <p className="pm-error" role="alert" data-testid="problem">
          {problem}
        </p>
      )}
      <button type="submit" className="pm-primary" disabled={Boolean(progress)} data-testid="submit">
        {progress ?? t('submit')}
      </button>
    </form>
  );
}

/** The reply of a new report: the number and the private link, to be saved now. */
function Done({ reply, onAnother }: { reply: PublicReportReply; onAnother: () => void }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}${reply.trackPath}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (plain http, old browser): select the text for a manual copy.
      (document.getElementById('pm-link') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <section className="pm-card pm-done" data-testid="report-done">
      <h2>{t('doneTitle')}</h2>
      <p className="pm-label">{t('caseNumber')}</p>
      <p className="pm-number" data-testid="case-number">
        {reply.number}
      </p>
      <p className="pm-label">{t('followLink')}</p>
      <input id="pm-link" className="pm-input pm-link" readOnly value={link} onFocus={(e) => e.target.select()} data-testid="track-link" />
      <p className="pm-warn">{t('saveLink')}</p>
      <div className="pm-actions">
        <button type="button" className="pm-primary" onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
        </button>
        <a className="pm-secondary" href={reply.trackPath}>
          {t('openLink')}
        </a>
        <button type="button" className="pm-link-button" onClick={onAnother}>
          {t('another')}
        </button>
      </div>
    </section>
  );
}
