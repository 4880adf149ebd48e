import { lazy, Suspense, useMemo, useState } from 'react';
import { App as AntApp, Button, Flex, Spin, Typography } from 'antd';
import { AimOutlined, CloseOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { browserErrorText } from '../../components/browserErrors.js';
import { useI18n } from '../../i18n/i18n.js';
import { cityBbox, inBbox } from './map/geo.js';

const SvgMap = lazy(() => import('./map/SvgMap.js').then((m) => ({ default: m.SvgMap })));

export interface LonLat {
  lon: number;
  lat: number;
}

interface Props {
  value?: LonLat | null;
  onChange?: (v: LonLat | null) => void;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** "Use my location" (device GPS) or a point tapped on a small map; shows the result. */
export function LocationField({ value, onChange }: Props) {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const [locating, setLocating] = useState(false);
  const [picking, setPicking] = useState(false);
  const bbox = useMemo(() => cityBbox(), []);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      void message.warning(t('report.noGeolocation'));
      setPicking(true);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const v = { lon: round(pos.coords.longitude), lat: round(pos.coords.latitude) };
        if (!inBbox(v.lon, v.lat, bbox)) {
          void message.warning(t('report.outsideCity'));
          setPicking(true);
          return;
        }
        onChange?.(v);
      },
      (err) => {
        setLocating(false);
        void message.warning(t('report.geoFailed', { msg: browserErrorText(err, t, locale) }));
        setPicking(true);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };

  return (
    <div data-testid="location-field">
      <Flex gap={8} wrap>
        <Button size="large" icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="use-my-location">
          {locating ? t('report.locating') : t('report.useMyLocation')}
        </Button>
        <Button
          size="large"
          icon={<EnvironmentOutlined />}
          type={picking ? 'primary' : 'default'}
          onClick={() => setPicking((p) => !p)}
          data-testid="pick-on-map"
        >
          {t('report.pickOnMap')}
        </Button>
        {value && (
          <Button
            size="large"
            type="text"
            icon={<CloseOutlined />}
            onClick={() => onChange?.(null)}
            aria-label={t('report.clearLocation')}
          />
        )}
      </Flex>
      {value && (
        <Typography.Text
          type="success"
          style={{ display: 'block', marginTop: 6 }}
          data-testid="location-value"
          data-lon={value.lon}
          data-lat={value.lat}
        >
          <EnvironmentOutlined /> {value.lon.toFixed(5)}°E, {value.lat.toFixed(5)}°N
        </Typography.Text>
      )}
      {picking && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('report.pickHint')}</Typography.Text>
          <Suspense fallback={<Spin />}>
            <SvgMap
              bbox={bbox}
              height={260}
              onPick={(lon, lat) => inBbox(lon, lat, bbox) && onChange?.({ lon: round(lon), lat: round(lat) })}
              data-testid="location-map"
            >
              {(p) => {
                if (!value) return null;
                const [x, y] = p.project(value.lon, value.lat);
                return (
                  <g style={{ pointerEvents: 'none' }} data-testid="location-marker">
                    <circle cx={x} cy={y} r={14} fill="#1677ff" opacity={0.2} />
                    <circle cx={x} cy={y} r={6} fill="#1677ff" stroke="#fff" strokeWidth={2} />
                  </g>
                );
              }}
            </SvgMap>
          </Suspense>
        </div>
      )}
    </div>
  );
}
