/**
 * A bar chart drawn on the server as SVG numbers (the template `chart.liquid` draws them): a y axis
 * with round tick values, dates under the bars (thinned so they never overlap), and a tooltip (`<title>`)
 * per bar. Works without script; one period draws one bar of normal width, not a block across the chart.
 */

export interface BarChartInput {
  /** Bars in order: the label under the bar (may be empty), the tooltip's name of the period, the value. */
  points: { tick: string; name: string; value: number }[];
  /** What one unit is called in tooltips, singular and plural ("view", "views"). */
  unit: [string, string];
  /** Given formatter for numbers (the page's language). */
  format: (n: number) => string;
  /** The drawing's width in SVG units: about its width on screen in pixels, so its text keeps its size. */
  width?: number;
}

export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  plotHeight: number;
  yTicks: { y: number; label: string }[];
  /** Each bar, and its whole column (`slotX`, `slotWidth`) that shows the tooltip on hover. */
  bars: { x: number; y: number; width: number; height: number; slotX: number; slotWidth: number; tooltip: string }[];
  xTicks: { x: number; label: string }[];
}

const HEIGHT = 220;
/** The room one label under the bars needs, in SVG units. */
const LABEL_ROOM = 64;
const MAX_BAR = 40;

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
  const PLOT = { left: 48, top: 12, right: width - 8, bottom: HEIGHT - 28 };
  const n = Math.max(1, input.points.length);
  const max = Math.max(0, ...input.points.map((p) => p.value));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotHeight = PLOT.bottom - PLOT.top;
  const slot = (PLOT.right - PLOT.left) / n;
  const barWidth = Math.min(MAX_BAR, Math.max(1, slot * 0.72));
  const round = (v: number) => Math.round(v * 100) / 100;
  const yTicks = [];
  for (let v = 0; v <= top; v += step) yTicks.push({ y: round(PLOT.bottom - (v / top) * plotHeight), label: input.format(v) });
  const every = Math.ceil(n / Math.max(1, Math.floor((PLOT.right - PLOT.left) / LABEL_ROOM)));
  return {
    width,
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
        tooltip: `${p.name}: ${input.format(p.value)} ${p.value === 1 ? input.unit[0] : input.unit[1]}`,
      };
    }),
    // Counted from the last bar, so the latest period always has its label.
    xTicks: input.points.flatMap((p, i) =>
      (n - 1 - i) % every === 0 && p.tick !== '' ? [{ x: round(PLOT.left + i * slot + slot / 2), label: p.tick }] : [],
    ),
  };
}
