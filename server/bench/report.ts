// Turns results into the printed table (ours, reference, ours/reference).
import type { ServerKind } from './servers.js';

export type Cell = number | string | null;

export interface Row {
  label: string;
  unit: string;
  values: Record<ServerKind, Cell>;
  /** which direction is better; rows without it get no ratio */
  better?: 'lower' | 'higher';
}

export interface Section {
  title: string;
  rows: Row[];
  notes: string[];
}

const KINDS: ServerKind[] = ['ours', 'reference'];

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.1) return v.toFixed(2);
  return v.toPrecision(2);
}

function cell(v: Cell): string {
  if (v === null) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

function ratio(row: Row): string {
  const o = row.values.ours;
  const r = row.values.reference;
  if (row.better === undefined || typeof o !== 'number' || typeof r !== 'number') return '';
  if (!Number.isFinite(o) || !Number.isFinite(r)) return '';
  if (r === 0) return o === 0 ? '=' : '';
  return `${(o / r).toFixed(2)}x`;
}

export function ratioValue(row: Row): number | null {
  const o = row.values.ours;
  const r = row.values.reference;
  if (typeof o !== 'number' || typeof r !== 'number' || r === 0 || !Number.isFinite(o) || !Number.isFinite(r)) {
    return null;
  }
  return o / r;
}

export function renderTable(sections: Section[]): string {
  const header = ['metric', 'ours', 'reference', 'ours/ref', 'better'];
  const lines: string[][] = [];
  const sectionAt = new Map<number, Section>();
  for (const s of sections) {
    sectionAt.set(lines.length, s);
    for (const row of s.rows) {
      lines.push([
        `  ${row.label}${row.unit ? ` (${row.unit})` : ''}`,
        ...KINDS.map((k) => cell(row.values[k])),
        ratio(row),
        row.better ?? '',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (l: string[]): string =>
    l.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out: string[] = [fmt(header), rule];
  lines.forEach((l, i) => {
    const s = sectionAt.get(i);
    if (s !== undefined) {
      if (i > 0) out.push('');
      out.push(s.title);
      for (const n of s.notes) out.push(`  · ${n}`);
    }
    out.push(fmt(l));
  });
  return out.join('\n');
}
