/**
 * Choose 2–6 units: a search box (name, township, or pinyin initials when indexed) with a
 * keyboard-driven result list, and the chosen units as removable chips.
 */
import { forwardRef, useMemo, useState } from 'react';
import { MAX_COMPARE } from '../../../../shared/analysis/compare.ts';
import type { UnitRef } from '../../../../shared/analysis/ranking.ts';
import { unitSearchQuery, type UnitHit } from '../../../../shared/analysis/search.ts';
import { KIND_NAMES } from '../../../../shared/stars.ts';
import { useAnalysis, useQuery } from '../../data/useQuery.ts';
import { SERIES_COLORS } from './state.ts';

const MATCH_NOTE: Record<UnitHit['match'], string> = { name: '', former: '按原名匹配', township: '按乡镇匹配', initials: '按拼音首字母匹配' };

export const UnitPicker = forwardRef<HTMLInputElement, {
  units: UnitRef[];
  onAdd: (u: UnitRef) => void;
  onRemove: (unitId: string) => void;
  labelOf: (u: UnitRef) => string;
}>(function UnitPicker({ units, onAdd, onRemove, labelOf }, inputRef) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const trimmed = text.trim();
  const q = useMemo(() => unitSearchQuery(trimmed, { limit: 12, initials: true }), [trimmed]);
  const { data, slow, error } = useQuery(trimmed ? q.sql : null, q.read);
  const hits = trimmed ? (data ?? []) : [];
  const full = units.length >= MAX_COMPARE;
  const chosen = new Set(units.map((u) => u.unitId));

  const add = (h: UnitHit) => {
    if (chosen.has(h.unitId) || full) return;
    onAdd({ unitId: h.unitId, name: h.name, county: h.county, township: h.township, kind: h.kind });
    setText('');
    setActive(0);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, hits.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Enter') { e.preventDefault(); if (hits[active]) add(hits[active]); }
    else if (e.key === 'Escape') { if (text) setText(''); else (e.target as HTMLInputElement).blur(); setOpen(false); }
    else if (e.key === 'Backspace' && !text && units.length) onRemove(units[units.length - 1].unitId);
  };

  const showList = open && trimmed.length > 0;
  return (
    <div className="unit-picker">
      <div className="picker-box">
        <span className="picker-label">对比单位</span>
        <ul className="chips" aria-label="已选择的村（社区）">
          {units.map((u, i) => (
            <li key={u.unitId} className="chip unit-chip" data-testid="unit-chip" data-unit={u.unitId}>
              <i style={{ background: SERIES_COLORS[i] }} aria-hidden="true" />
              <span>{labelOf(u)}</span>
              <span className="chip-sub">{u.township}</span>
              <button aria-label={`移除${u.name}`} title={`移除${u.name}（${u.township}）`} onClick={() => onRemove(u.unitId)}>×</button>
            </li>
          ))}
        </ul>
        <div className="search">
          <input
            ref={inputRef}
            type="search"
            role="combobox"
            aria-label="搜索村（社区）"
            aria-expanded={showList}
            aria-controls="unit-search-results"
            aria-activedescendant={showList && hits[active] ? `unit-hit-${hits[active].unitId}` : undefined}
            aria-autocomplete="list"
            placeholder={full ? `最多对比${MAX_COMPARE}个` : '输入村（社区）名称或乡镇，按 / 键定位'}
            disabled={full}
            value={text}
            onChange={(e) => { setText(e.target.value); setOpen(true); setActive(0); }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          {showList && (
            <ul className="search-results" id="unit-search-results" role="listbox" aria-label="搜索结果">
              {error && <li className="search-note error-text">搜索失败：{error.message}</li>}
              {!error && data == null && slow && <li className="search-note">正在搜索…</li>}
              {!error && data != null && hits.length === 0 && <li className="search-note">没有找到“{trimmed}”</li>}
              {hits.map((h, i) => {
                const taken = chosen.has(h.unitId);
                return (
                  <li key={h.unitId} id={`unit-hit-${h.unitId}`} role="option" aria-selected={i === active} aria-disabled={taken}
                    className={`${i === active ? 'active' : ''} ${taken ? 'taken' : ''}`}
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => add(h)}>
                    <span className="hit-name">{h.name}</span>
                    <span className="hit-meta">{h.township} · {KIND_NAMES[h.kind]}{h.formerNames ? ` · 原名${h.formerNames}` : ''}</span>
                    {taken ? <span className="hit-note">已选择</span> : MATCH_NOTE[h.match] && <span className="hit-note">{MATCH_NOTE[h.match]}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </div>
      {units.length < 2 && <p className="picker-hint muted small">再选择 {2 - units.length} 个村（社区）即可并排对比（最多{MAX_COMPARE}个）。</p>}
    </div>
  );
});
