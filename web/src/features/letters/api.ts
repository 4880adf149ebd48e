/**
 * Small UI helpers of official letters (提醒函 / 督办函 / 问责函). The wire types are in
 * src/shared/contracts/letters.contract.ts and the calls in web/src/api/letters.ts.
 */
import { useCallback, useEffect, useState } from 'react';
import { lettersApi } from '../../api/letters.js';
import { fmtDate } from '../../components/time.js';

/** The letter types of the default ladder, offered when no campaign ladder can be read. */
export const DEFAULT_TYPES = ['提醒函', '督办函', '问责函'];

/**
 * The China date of a deadline instant. Deadlines are stored as the end of their day
 * (the next midnight), so one millisecond is taken off to land on the day itself.
 */
export function deadlineDay(iso: string | null | undefined): string {
  if (!iso) return '';
  return fmtDate(new Date(Date.parse(iso) - 1).toISOString());
}

/** `2026-03-05` → `2026年3月5日`: GB/T 9704 dates carry no leading zeros. */
export function chineseDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** Whether a letter still waits for the recipient's signature (签收). */
export const isUnsigned = (l: { status: string; signedAt: string | null }) => l.status === 'issued' && l.signedAt === null;

const CHANGED = 'dudao:letters-changed';

/** Tells the menu badge to recount (after signing, issuing, withdrawing). */
export function notifyLettersChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

const POLL_MS = 30_000;

/**
 * The unsigned count for the menu badge: polled like the notification bell (every
 * 30 s, when the tab becomes visible, after our own letter actions) and on
 * navigation (`pathname`), since a unit usually finds a new letter by moving around.
 * `enabled` false (roles that do not sign) sends no request at all.
 */
export function useUnsignedCount(enabled: boolean, pathname: string): number {
  return usePolledCount(enabled, pathname, lettersApi.unsignedCount);
}

/** The count of letters awaiting the leader's approval, for the same badge, polled the same way (approvers only). */
export function useAwaitingApprovalCount(enabled: boolean, pathname: string): number {
  return usePolledCount(enabled, pathname, lettersApi.awaitingApprovalCount);
}

function usePolledCount(enabled: boolean, pathname: string, fetchCount: () => Promise<{ count: number }>): number {
  const [count, setCount] = useState(0);
  const load = useCallback(() => {
    fetchCount()
      .then((r) => setCount(r.count))
      .catch(() => undefined);
  }, [fetchCount]);
  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(load, POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && load();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener(CHANGED, load);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(CHANGED, load);
    };
  }, [enabled, load]);
  useEffect(() => {
    if (enabled) load();
  }, [enabled, load, pathname]);
  return enabled ? count : 0;
}
