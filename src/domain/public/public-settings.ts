/**
 * HQ's settings of the public side (issue 15): which categories citizens may report,
 * whether intake is open, what the public may look up, and the abuse limits. Pure:
 * defaults, merge and validation; the service stores them (one row) and audits changes.
 */

/** The public side's settings. */
export interface PublicSettings {
  /** False pauses the public page and Open311 writes; `pausedMessage` is shown instead. */
  intakeOpen: boolean;
  /** Shown to citizens while intake is paused (Chinese; the page adds nothing to it). */
  pausedMessage: string;
  /** Category codes citizens and integrators may report in; empty means none. */
  categoryCodes: string[];
  /** Whether a case can be looked up by its number alone (a minimal view, no photos). */
  trackByNumber: boolean;
  /** Whether the public map of recent cases (coarse positions) is shown. */
  publicMap: boolean;
  /** A new report this close (metres) to an open case of its category is offered as "我也遇到". */
  duplicateRadiusM: number;
  /** … if that case was reported within this many days. */
  duplicateWindowDays: number;
  /** Public reports (and +1s) one IP address may send per hour. */
  perIpPerHour: number;
  /** Public reports (and +1s) one device may send per hour. */
  perDevicePerHour: number;
  /** Leading zero bits the proof-of-work hash needs (each bit doubles the phone's work). */
  powBits: number;
  /** Grid (metres) positions are rounded to on public pages and the public map. */
  coarseGridM: number;
}

/** Settings of a new city: intake open, every category private until HQ picks the public ones. */
export const DEFAULT_PUBLIC_SETTINGS: PublicSettings = {
  intakeOpen: true,
  pausedMessage: '市民上报暂停受理，请拨打12345热线反映问题。',
  categoryCodes: [],
  trackByNumber: false,
  publicMap: false,
  duplicateRadiusM: 50,
  duplicateWindowDays: 7,
  perIpPerHour: 20,
  perDevicePerHour: 5,
  powBits: 16,
  coarseGridM: 200,
};

/** Integer limits: [min, max] of each numeric setting. */
export const PUBLIC_SETTING_LIMITS = {
  duplicateRadiusM: [0, 2000],
  duplicateWindowDays: [1, 365],
  perIpPerHour: [1, 100_000],
  perDevicePerHour: [1, 10_000],
  powBits: [0, 24],
  coarseGridM: [50, 5000],
} as const satisfies Partial<Record<keyof PublicSettings, readonly [number, number]>>;

/**
 * Merges a change into the current settings and checks the result. Returns the
 * settings or the first problem as `{ field, message }`; `knownCategories` are the
 * category codes that exist.
 */
export function mergePublicSettings(
  current: PublicSettings,
  patch: Partial<PublicSettings>,
  knownCategories: ReadonlySet<string>,
): { ok: true; settings: PublicSettings } | { ok: false; field: string; message: string } {
  const next: PublicSettings = { ...current, ...patch, categoryCodes: [...new Set(patch.categoryCodes ?? current.categoryCodes)] };
  for (const [field, [min, max]] of Object.entries(PUBLIC_SETTING_LIMITS)) {
    const v = next[field as keyof typeof PUBLIC_SETTING_LIMITS];
    if (!Number.isInteger(v) || v < min || v > max) return { ok: false, field, message: `must be an integer from ${min} to ${max}` };
  }
  const message = next.pausedMessage.trim();
  if (!next.intakeOpen && !message) return { ok: false, field: 'pausedMessage', message: 'is required while intake is paused' };
  if (message.length > 200) return { ok: false, field: 'pausedMessage', message: 'must be at most 200 characters' };
  const unknown = next.categoryCodes.find((c) => !knownCategories.has(c));
  if (unknown !== undefined) return { ok: false, field: 'categoryCodes', message: `category ${unknown} not found` };
  return { ok: true, settings: { ...next, pausedMessage: message } };
}

/** Stored settings read back: missing keys (from an older version) take the defaults. */
export function readPublicSettings(stored: unknown): PublicSettings {
  const s = stored && typeof stored === 'object' ? (stored as Partial<PublicSettings>) : {};
  return { ...DEFAULT_PUBLIC_SETTINGS, ...s };
}
