/**
 * A bar chart drawn on the server as SVG numbers (the template `chart.liquid` draws them): a y axis
 * with round tick values, dates under the bars (thinned so they never overlap), and a tooltip (`<title>`)
 * per bar. Works without script; one period draws one bar of normal width, not a block across the chart.
 * On a phone a wide chart is drawn at half its size or less, so the stylesheet writes its labels larger
 * and shows only every other date (the `minor` ones are hidden there).
 */

export interface BarChartInput {
  /** Bars in order: the label under the bar (may be empty), the bar's tooltip, the value. */
  points: { tick: string; tooltip: string; value: number }[];
  /** Given formatter for numbers (the page's language). */
  format: (n: number) => string;
  /** The drawing's width in SVG units: about its width on screen in pixels, so its text keeps its size. */
  width?: number;
}

export interface BarChart {
  width: number;
  /** `wide` for a drawing wider than a phone's screen (its labels grow there), else `narrow`. */
  size: 'wide' | 'narrow';
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  plotHeight: number;
  yTicks: { y: number; label: string }[];
  /** Each bar, and its whole column (`slotX`, `slotWidth`) that shows the tooltip on hover. */
  bars: { x: number; y: number; width: number; height: number; slotX: number; slotWidth: number; tooltip: string }[];
  /** The dates under the bars; a `minor` one is left out on a phone; the `last` one ends at the edge. */
  xTicks: { x: number; label: string; minor: boolean; last: boolean }[];
}

const HEIGHT = 220;
/** The room one label under the bars needs, in SVG units. */
const LABEL_ROOM = 64;
const MAX_BAR = 40;
/** A drawing at least this wide is shrunk on a phone enough to need larger labels. */
const WIDE = 600;
/** About how wide a digit is, in SVG units, at the font size a phone draws each size of chart with (26 and 17). */
const CHAR_ON_PHONE = { wide: 15, narrow: 10 } as const;

/** The smallest "nice" step (1, 2 or 5 × 10ⁿ) that splits 0…max into at most four steps. */
export function niceStep(max: number): number {
  if (max <= 4) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return m * power;
  return 10 * power;
}

export function barChart(input: BarChartInput): BarChart {
  const width = input.width ?? 720;
  const size = width >= WIDE ? 'wide' : 'narrow';
  const n = Math.max(1, input.points.length);
  const max = Math.max(0, ...input.points.map((p) => p.value));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const values: number[] = [];
  for (let v = 0; v <= top; v += step) values.push(v);
  const labels = values.map((v) => input.format(v));
  // Room for the longest y label at the size a phone draws it (the stylesheet's font size there).
  const longest = Math.max(...labels.map((l) => l.length));
  const PLOT = { left: Math.max(48, longest * CHAR_ON_PHONE[size] + 12), top: 12, right: width - 8, bottom: HEIGHT - 34 };
  const plotHeight = PLOT.bottom - PLOT.top;
  const slot = (PLOT.right - PLOT.left) / n;
  const barWidth = Math.min(MAX_BAR, Math.max(1, slot * 0.72));
  const round = (v: number) => Math.round(v * 100) / 100;
  const yTicks = values.map((v, i) => ({ y: round(PLOT.bottom - (v / top) * plotHeight), label: labels[i]! }));
  const every = Math.ceil(n / Math.max(1, Math.floor((PLOT.right - PLOT.left) / LABEL_ROOM)));
  return {
    width,
    size,
    height: HEIGHT,
    plot: PLOT,
    plotHeight,
    yTicks,
    bars: input.points.map((p, i) => {
      const height = round((p.value / top) * plotHeight);
      return {
        x: round(PLOT.left + i * slot + (slot - barWidth) / 2),
        y: round(PLOT.bottom - height),
        width: round(barWidth),
        height,
        slotX: round(PLOT.left + i * slot),
        slotWidth: round(slot),
        tooltip: p.tooltip,
      };
    }),
    // Counted from the last bar, so the latest period always has its label, on a phone too; that one
    // ends at the chart's edge instead of being centred under its bar and cut off there.
    xTicks: input.points.flatMap((p, i) =>
      (n - 1 - i) % every === 0 && p.tick !== ''
        ? [
            {
              x: i === n - 1 ? width - 2 : round(PLOT.left + i * slot + slot / 2),
              label: p.tick,
              minor: ((n - 1 - i) / every) % 2 === 1,
              last: i === n - 1,
            },
          ]
        : [],
    ),
  };
}
