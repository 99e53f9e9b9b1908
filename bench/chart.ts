/**
 * The bench's chart: one horizontal bar per measured value with its target as a tick, as an SVG
 * written next to docs/benchmarks.md. Plain SVG text, no dependency: it must render on GitHub.
 */
export interface Bar {
  label: string;
  value: number;
  /** Where the target lies on the same scale; none for an informational row. */
  target?: number;
  /** True when the target is a ceiling (memory, time), false when a floor (ratios). */
  ceiling?: boolean;
  /** The value as printed at the bar's end. */
  text: string;
}

export interface Panel {
  title: string;
  bars: Bar[];
}

const WIDTH = 760;
const LABEL_WIDTH = 250;
const BAR_AREA = 400;
const ROW = 22;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function met(bar: Bar): boolean | undefined {
  if (bar.target === undefined) return undefined;
  return bar.ceiling ? bar.value <= bar.target : bar.value >= bar.target;
}

/** Panels stacked top to bottom; each bar green when its target is met, red when not, grey without one. */
export function chartSvg(title: string, panels: Panel[]): string {
  const parts: string[] = [];
  let y = 30;
  parts.push(`<text x="10" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`);
  for (const panel of panels) {
    y += 12;
    parts.push(`<text x="10" y="${y + 4}" font-size="13" font-weight="bold">${escape(panel.title)}</text>`);
    y += 10;
    const scale = Math.max(...panel.bars.map((bar) => Math.max(bar.value, bar.target ?? 0))) * 1.1 || 1;
    for (const bar of panel.bars) {
      const width = Math.max(1, (bar.value / scale) * BAR_AREA);
      const colour = met(bar) === undefined ? '#9e9e9e' : met(bar) ? '#2e7d32' : '#c62828';
      parts.push(`<text x="${LABEL_WIDTH - 6}" y="${y + 15}" font-size="12" text-anchor="end">${escape(bar.label)}</text>`);
      parts.push(`<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${width.toFixed(1)}" height="14" fill="${colour}"/>`);
      parts.push(`<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 15}" font-size="12">${escape(bar.text)}</text>`);
      if (bar.target !== undefined) {
        const x = LABEL_WIDTH + (bar.target / scale) * BAR_AREA;
        parts.push(`<line x1="${x.toFixed(1)}" y1="${y + 1}" x2="${x.toFixed(1)}" y2="${y + 21}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>`);
      }
      y += ROW;
    }
  }
  y += 16;
  parts.push(`<text x="10" y="${y}" font-size="11" fill="#555">bars: measured (green: target met, red: missed, grey: no target); dashed tick: target</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}
