import { h, section, table } from "../dom.js";
import { pct, rate, signClass, targetPrice } from "../format.js";
import { hitRateCell } from "./overview.js";
import { securityLink } from "./security.js";

function tile(label, key, value, foot) {
  return h(
    "div",
    { class: "tile", dataset: { target: key } },
    h("div", { class: "tile-label" }, label),
    h("div", { class: "tile-value" }, value),
    h("div", { class: "muted small" }, foot),
  );
}

/** Whether a target was reached: 是 / 否, 未到期 before the horizon, — when it cannot be scored. */
function reached(value, t) {
  if (value === true) return h("span", { class: "yes" }, "是");
  if (value === false) return h("span", { class: "no" }, "否");
  return h("span", { class: "muted" }, t.reason === null ? "未到期" : "—");
}

const COLUMNS = [
  { label: "证券", cell: (t) => securityLink(t.security) },
  { label: "研报日期", cell: (t) => t.reportDate ?? "未印日期", sort: (t) => t.reportDate },
  { label: "评级", cell: (t) => `${t.rating ?? "—"}${t.action ? `（${t.action}）` : ""}` },
  { label: "目标价", class: "num target-price", cell: (t) => targetPrice(t.target) },
  {
    label: "入场隐含涨幅",
    class: "num implied-upside",
    cell: (t) => h("span", { class: signClass(t.impliedUpside) }, pct(t.impliedUpside)),
    sort: (t) => t.impliedUpside,
  },
  { label: "到期达到", class: "hit-at-horizon", cell: (t) => reached(t.hitAtHorizon, t) },
  {
    label: "期内曾达到",
    class: "hit-within-horizon",
    cell: (t) => [
      reached(t.hitWithinHorizon, t),
      t.reachedOn ? h("span", { class: "muted small" }, `（${t.reachedOn}）`) : null,
    ],
  },
  {
    label: "达到所需交易日",
    class: "num days-to-target",
    cell: (t) => (t.tradingDaysToTarget === null ? "—" : String(t.tradingDaysToTarget)),
    sort: (t) => t.tradingDaysToTarget,
  },
  {
    label: "到期误差",
    class: "num error-at-horizon",
    cell: (t) => rate(t.errorAtHorizon),
    sort: (t) => t.errorAtHorizon,
  },
  { label: "说明", class: "target-reason", cell: (t) => t.reasonZh ?? "" },
];

/** The broker's printed target prices: its scorecard (rates with N and Wilson intervals, medians) and each target. */
export function targetsSection(targets) {
  if (targets.items.length === 0) {
    return section("目标价", h("p", { class: "muted", id: "targets-empty" }, "该券商的研报没有给出目标价。"));
  }
  const c = targets.scorecard;
  const days = c.medianTradingDaysToTarget;
  const tiles = h(
    "div",
    { class: "tiles", id: "target-card" },
    tile(
      "到期达到目标价",
      "at-horizon",
      hitRateCell(c.hitAtHorizon),
      `${c.hitAtHorizon.count} / ${c.hitAtHorizon.n} 个已到期目标价；95% Wilson 区间`,
    ),
    tile(
      "期内曾达到目标价",
      "within-horizon",
      hitRateCell(c.hitWithinHorizon),
      `${c.hitWithinHorizon.count} / ${c.hitWithinHorizon.n} 个已到期目标价；95% Wilson 区间`,
    ),
    tile(
      "到期误差（中位数）",
      "median-error",
      rate(c.medianErrorAtHorizon.value),
      `N=${c.medianErrorAtHorizon.n}；|到期收盘价 − 目标价| / 目标价`,
    ),
    tile(
      "达到目标价所需交易日（中位数）",
      "median-days",
      days.value === null ? "—" : `${days.value} 个交易日`,
      `N=${days.n}；期内达到的已到期目标价`,
    ),
    tile("目标价", "counts", `${c.targets} 个`, `已到期 ${c.judged} · 未到期 ${c.pending} · 无法评分 ${c.unscorable}`),
  );
  return section(
    "目标价",
    h(
      "p",
      { class: "muted small" },
      "目标价按研报日的复权因子换算到复权价格后比较；期限为券商评级说明的期限，自入场日起算。命中率与中位数只计已到期的目标价；隐含涨幅 = 目标价 / 入场价 − 1。",
    ),
    tiles,
    table(COLUMNS, targets.items, {
      class: "data targets",
      rowData: (t) => ({ pick: String(t.pickId) }),
    }),
  );
}
