import { benchmarkName, CHECKPOINT_LABEL, eventGroupText, num, pct, STANCE, VERDICT } from "./format.js";

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

/** A broker's mean cumulative excess by trading day after entry, with its 95% band where there is one. */
export function eventStudyChart(el, study) {
  const chart = init(el);
  const days = study.points.map((p) => p.day);
  const percent = (v) => (v === null || v === undefined ? null : Number((v * 100).toFixed(3)));
  // The band is two stacked series: its low edge (invisible) and its width filled above it.
  const low = study.points.map((p) => (p.low === null ? null : percent(p.low)));
  const width = study.points.map((p) => (p.low === null || p.high === null ? null : percent(p.high - p.low)));
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    legend: { top: 0, data: ["平均累计超额", "95% 区间"] },
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: {
      trigger: "axis",
      formatter: (items) => {
        const p = study.points[items[0]?.dataIndex ?? 0];
        if (!p) return "";
        const bandText = p.low === null ? "无（研报不足 2 份）" : `${pct(p.low)} ~ ${pct(p.high)}`;
        return `第 ${p.day} 个交易日<br/>平均累计超额 ${pct(p.mean)}<br/>95% 区间 ${bandText}<br/>${p.n} 只荐股 · ${p.reports} 份研报`;
      },
    },
    xAxis: {
      type: "category",
      data: days,
      boundaryGap: false,
      name: "交易日",
      nameLocation: "middle",
      nameGap: 28,
    },
    yAxis: { type: "value", scale: true, axisLabel: { formatter: (v) => `${v}%` } },
    series: [
      {
        name: "平均累计超额",
        type: "line",
        data: study.points.map((p) => percent(p.mean)),
        showSymbol: false,
        lineStyle: { width: 2, color: "#2563eb" },
        itemStyle: { color: "#2563eb" },
        markLine: {
          symbol: "none",
          silent: true,
          data: [{ yAxis: 0 }],
          lineStyle: { color: "#cbd5e1" },
          label: { show: false },
        },
      },
      {
        name: "95% 区间下限",
        type: "line",
        data: low,
        stack: "band",
        showSymbol: false,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        name: "95% 区间",
        type: "line",
        data: width,
        stack: "band",
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: "#93c5fd", opacity: 0.4 },
        itemStyle: { color: "#93c5fd" },
      },
    ],
  });
  return chart;
}

const GROUP_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#64748b"];

/** One line per group of a broker's event study (a label, an upgrade or downgrade …), without bands. */
export function eventStudyGroupsChart(el, groups) {
  const chart = init(el);
  let last = 0;
  for (const g of groups) for (const p of g.points) last = Math.max(last, p.day);
  const days = Array.from({ length: last + 1 }, (_, d) => d);
  const byDay = groups.map((g) => new Map(g.points.map((p) => [p.day, p])));
  const names = groups.map((g) => eventGroupText(g.key));
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    legend: { top: 0, data: names },
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: {
      trigger: "axis",
      formatter: (items) => {
        const d = items[0]?.dataIndex ?? 0;
        const lines = groups.map((_, i) => {
          const p = byDay[i].get(d);
          return p ? `${esc(names[i])}：${pct(p.mean)}（${p.n} 只荐股 · ${p.reports} 份研报）` : null;
        });
        return [`第 ${d} 个交易日`, ...lines.filter((l) => l !== null)].join("<br/>");
      },
    },
    xAxis: { type: "category", data: days, boundaryGap: false, name: "交易日", nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value", scale: true, axisLabel: { formatter: (v) => `${v}%` } },
    series: names.map((name, i) => {
      const color = GROUP_COLORS[i % GROUP_COLORS.length];
      return {
        name,
        type: "line",
        data: days.map((d) => {
          const p = byDay[i].get(d);
          return p ? Number((p.mean * 100).toFixed(3)) : null;
        }),
        showSymbol: false,
        lineStyle: { width: 2, color },
        itemStyle: { color },
        markLine:
          i === 0
            ? {
                symbol: "none",
                silent: true,
                data: [{ yAxis: 0 }],
                lineStyle: { color: "#cbd5e1" },
                label: { show: false },
              }
            : undefined,
      };
    }),
  });
  return chart;
}

/** The first bar date on or after a date (a report of a weekend is marked on the next trading day). */
function barDateFor(dates, day) {
  return dates.find((d) => d >= day) ?? null;
}

/** A stock's adjusted close with a mark at each report of its rating history. */
export function ratingHistoryChart(el, detail, history, texts) {
  const chart = init(el);
  const dates = detail.bars.map((b) => b.date);
  const closes = detail.bars.map((b) => b.adjclose);
  const marks = [];
  for (const item of history.items) {
    if (!item.reportDate) continue;
    const at = barDateFor(dates, item.reportDate) ?? dates[dates.length - 1];
    if (at === undefined) continue;
    const text = texts(item);
    marks.push({
      name: text.label,
      coord: [at, closes[dates.indexOf(at)]],
      value: text.label,
      tooltipText: text.tooltip,
      itemStyle: { color: text.color },
    });
  }
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    grid: { left: 56, right: 24, top: 48, bottom: 40 },
    tooltip: {
      trigger: "item",
      formatter: (p) =>
        p.componentType === "markPoint"
          ? esc(p.data.tooltipText).replace(/\n/g, "<br/>")
          : `${esc(p.name)}<br/>复权收盘 ${num(p.value)}`,
    },
    xAxis: { type: "category", data: dates, boundaryGap: false },
    yAxis: { type: "value", scale: true, name: "复权收盘价", axisLabel: { formatter: (v) => v.toFixed(2) } },
    series: [
      {
        name: detail.security.name,
        type: "line",
        data: closes,
        showSymbol: false,
        lineStyle: { width: 1.5, color: "#334155" },
        itemStyle: { color: "#334155" },
        markPoint: {
          symbol: "pin",
          symbolSize: 36,
          label: { fontSize: 10, formatter: (p) => p.data.value },
          data: marks,
        },
      },
    ],
  });
  return chart;
}
