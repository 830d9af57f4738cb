import { benchmarkName, CHECKPOINT_LABEL, pct, STANCE, VERDICT } from "./format.js";

/** Charts alive on the current view, disposed when the view changes. */
const live = new Set();

export function disposeCharts() {
  for (const c of live) c.dispose();
  live.clear();
}

window.addEventListener("resize", () => {
  for (const c of live) c.resize();
});

/** Tooltips are HTML: text from reports is escaped before it goes in. */
function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cssVar(name) {
  return getComputedStyle(document.body).getPropertyValue(name).trim();
}

function init(el) {
  const chart = window.echarts.init(el, null, { renderer: "canvas" });
  live.add(chart);
  return chart;
}

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

/** Printed label (rows) × realized label (columns): how often each printed rating came true. */
export function calibrationHeatmap(el, matrix) {
  const chart = init(el);
  // Rows of picks without a printed rating are named after their stance: "(recommend)" → "（推荐）".
  const rows = matrix.rows.map((r) =>
    r.printed ? r.predicted : `（${STANCE[r.predicted.replace(/[()]/g, "")] ?? r.predicted}）`,
  );
  const data = [];
  let max = 0;
  matrix.rows.forEach((row, y) => {
    matrix.columns.forEach((col, x) => {
      const v = row.counts[col] ?? 0;
      max = Math.max(max, v);
      data.push([x, y, v]);
    });
  });
  chart.setOption({
    textStyle: { fontFamily: FONT },
    grid: { left: 100, right: 16, top: 16, bottom: 56 },
    tooltip: {
      formatter: (p) => {
        const row = matrix.rows[p.value[1]];
        return `印刷 ${esc(rows[p.value[1]])} → 实现 ${esc(matrix.columns[p.value[0]])}<br/>${p.value[2]} / ${row.n} 只`;
      },
    },
    xAxis: {
      type: "category",
      data: matrix.columns,
      name: "实现标签",
      nameLocation: "middle",
      nameGap: 32,
      splitArea: { show: true },
    },
    yAxis: { type: "category", data: rows, inverse: true, splitArea: { show: true } },
    visualMap: { show: false, min: 0, max: Math.max(max, 1), inRange: { color: ["#f1f5f9", "#1d4ed8"] } },
    series: [
      {
        type: "heatmap",
        data,
        label: { show: true, formatter: (p) => (p.value[2] > 0 ? String(p.value[2]) : "") },
        emphasis: { itemStyle: { borderColor: "#0f172a", borderWidth: 1 } },
      },
    ],
  });
  return chart;
}

/** Stock vs benchmark since entry, rebased to 1, with checkpoints and the verdict marked. */
export function pickChart(el, detail) {
  const { pick, chart: series } = detail;
  const chart = init(el);
  const up = cssVar("--up");
  const down = cssVar("--down");
  const marks = series.marks.map((m) => {
    const isVerdict = m.key === pick.verdictHorizon;
    const verdict = isVerdict && pick.verdict ? ` · ${VERDICT[pick.verdict]}` : "";
    return {
      xAxis: m.date,
      label: {
        formatter: `${CHECKPOINT_LABEL[m.key] ?? m.key} ${pct(m.excess)}${verdict}`,
        color: m.excess >= 0 ? up : down,
        fontWeight: isVerdict ? "bold" : "normal",
      },
      lineStyle: {
        type: isVerdict ? "solid" : "dashed",
        width: isVerdict ? 2 : 1,
        color: isVerdict ? "#0f172a" : "#94a3b8",
      },
    };
  });
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    legend: { top: 0, data: [pick.securityName ?? pick.name, benchmarkName(pick.benchmark)] },
    grid: { left: 56, right: 72, top: 56, bottom: 40 },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v) => (v === null || v === undefined ? "—" : pct(v - 1)),
    },
    xAxis: { type: "category", data: series.dates, boundaryGap: false },
    yAxis: { type: "value", scale: true, axisLabel: { formatter: (v) => v.toFixed(2) } },
    series: [
      {
        name: pick.securityName ?? pick.name,
        type: "line",
        data: series.stock,
        showSymbol: false,
        lineStyle: { width: 2, color: "#2563eb" },
        itemStyle: { color: "#2563eb" },
        markLine: {
          symbol: "none",
          data: [
            { yAxis: 1, label: { formatter: "入场", position: "insideStartTop" }, lineStyle: { color: "#cbd5e1" } },
            ...marks,
          ],
        },
      },
      {
        name: benchmarkName(pick.benchmark),
        type: "line",
        data: series.benchmark,
        showSymbol: false,
        lineStyle: { width: 1.5, color: "#64748b" },
        itemStyle: { color: "#64748b" },
      },
    ],
  });
  return chart;
}
