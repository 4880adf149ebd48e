import { describe, expect, it } from 'vitest';
import { closingNoteOf, publicPhotoUrl, publicTimeline } from '../../../src/services/public/public-case.presenter.js';

describe('public case presenter helpers', () => {
  it('folds consecutive events of one public stage and names no one', () => {
    const t = publicTimeline([
      { to_state: 'reported', at: '1' },
      { to_state: 'accepted', at: '2' },
      { to_state: 'dispatched', at: '3' },
      { to_state: 'returned', at: '4' },
      { to_state: 'accepted', at: '5' },
      { to_state: 'dispatched', at: '6' },
      { to_state: 'acknowledged', at: '7' },
      { to_state: 'closed', at: '8' },
    ]);
    expect(t.map((e) => [e.at, e.stage])).toEqual([
      ['1', 'received'],
      ['2', 'accepted'],
      ['3', 'in_progress'],
      ['4', 'accepted'],
      ['6', 'in_progress'],
      ['8', 'closed'],
    ]);
    expect(Object.keys(t[0]!).sort()).toEqual(['at', 'stage', 'text']);
  });

  it('the closing note is the last rectification note, once closed; other notes never', () => {
    const events = [
      { action: 'dispatch', note: '内部' },
      { action: 'rectify', note: '第一次' },
      { action: 'verify_reopen', note: '不合格' },
      { action: 'rectify', note: ' 已修复 ' },
      { action: 'verify_close', note: '核查' },
    ];
    expect(closingNoteOf('closed', events)).toBe('已修复');
    expect(closingNoteOf('rectified', events)).toBeNull();
    expect(closingNoteOf('closed', [{ action: 'verify_close', note: '核查' }])).toBeNull();
  });

  it('photo URLs carry the token, encoded', () => {
    expect(publicPhotoUrl('2026-000001', 7, 'a+b/c')).toBe('/api/public/cases/2026-000001/photos/7?token=a%2Bb%2Fc');
  });
});
