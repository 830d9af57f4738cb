import { getJson } from "../api.js";
import { calibrationHeatmap } from "../charts.js";
import { h, section, table } from "../dom.js";
import {
  balanced,
  brokerName,
  CHECKPOINT_LABEL,
  horizonText,
  MARKET_NAME,
  pct,
  rate,
  reportTitle,
  STANCE,
  signClass,
  VERDICT,
} from "../format.js";
import { excessCell, hitRateCell } from "./overview.js";

/** What a scale without a market benchmark measures its bands against. */
const RELATIVE_TO = { "industry-index": "行业指数", coverage: "分析师覆盖股票平均回报", absolute: "绝对涨跌幅" };

const KEYS = ["1m", "3m", "6m", "12m", "toDate"];

function checkpointTable(card) {
  return table(
    [
      { label: "检查点", cell: (k) => CHECKPOINT_LABEL[k] },
      { label: "N", class: "num", cell: (k) => String(card.checkpoints[k]?.n ?? 0) },
      { label: "平均超额", class: "num", cell: (k) => excessCell(card.checkpoints[k]) },
      {
        label: "中位超额",
        class: "num",
        cell: (k) =>
          h("span", { class: signClass(card.checkpoints[k]?.medianExcess) }, pct(card.checkpoints[k]?.medianExcess)),
      },
      { label: "平均收益", class: "num", cell: (k) => pct(card.checkpoints[k]?.meanReturn) },
      {
        label: "胜率（超额>0）",
        class: "num",
        cell: (k) => {
          const w = card.checkpoints[k]?.winRate;
          return w ? `${rate(w.rate)} (${w.count}/${w.n})` : "—";
        },
      },
    ],
    KEYS,
  );
}

function verdictTiles(card) {
  return h(
    "div",
    { class: "tiles" },
    h(
      "div",
      { class: "tile" },
      h("div", { class: "tile-label" }, "命中率"),
      h("div", { class: "tile-value" }, hitRateCell(card.hitRate)),
    ),
    ...Object.entries(VERDICT).map(([k, label]) =>
      h(
        "div",
        { class: "tile" },
        h("div", { class: "tile-label" }, label),
        h("div", { class: "tile-value" }, String(card.verdicts[k] ?? 0)),
      ),
    ),
    h(
      "div",
      { class: "tile" },
      h("div", { class: "tile-label" }, "窗口内命中"),
      h("div", { class: "tile-value" }, card.hitWithinWindow.n > 0 ? rate(card.hitWithinWindow.rate) : "—"),
      h("div", { class: "muted small" }, `N=${card.hitWithinWindow.n}`),
    ),
  );
}

function groupTable(cards, keyLabel, keyText) {
  return table(
    [
      { label: keyLabel, cell: (c) => keyText(c.key) },
      { label: "荐股", class: "num", cell: (c) => String(c.n), sort: (c) => c.n },
      { label: "命中率 [95%区间] N", cell: (c) => hitRateCell(c.hitRate), sort: (c) => c.hitRate.rate },
      ...["1m", "6m", "12m", "toDate"].map((k) => ({
        label: `超额 ${CHECKPOINT_LABEL[k]}`,
        class: "num",
        cell: (c) => excessCell(c.checkpoints[k]),
        sort: (c) => c.checkpoints[k]?.meanExcess ?? null,
      })),
    ],
    cards,
  );
}

function band(l) {
  if (l.min === null && l.max === null) return l.text || "定性";
  if (l.max === null) return `> ${l.min}%`;
  if (l.min === null) return `< ${l.max}%`;
  return `${l.min}% ~ ${l.max}%`;
}

function scales(list) {
  return list.map((s) =>
    h(
      "div",
      { class: "scale" },
      h(
        "h3",
        null,
        s.scale.kind === "stock" ? "个股评级" : "行业评级",
        h(
          "span",
          { class: "muted small" },
          ` 期限 ${horizonText(s.scale.horizonMonths)}；基准 ${
            Object.entries(s.scale.benchmarks)
              .map(([m, b]) => `${MARKET_NAME[m] ?? m}：${balanced(b.name)}`)
              .join("，") ||
            (RELATIVE_TO[s.scale.relativeTo] ?? "未印")
          }；${s.reportIds.length} 份研报（${s.firstReportDate ?? "—"} 至 ${s.lastReportDate ?? "—"}）`,
        ),
      ),
      s.scale.parsed
        ? table(
            [
              { label: "标签", cell: (l) => h("span", { title: l.en ?? null }, l.label) },
              { label: "超额区间", cell: band },
              { label: "方向", cell: (l) => ({ positive: "正面", neutral: "中性", negative: "负面" })[l.direction] },
            ],
            s.scale.labels,
          )
        : h("pre", { class: "raw" }, s.scale.raw),
    ),
  );
}

export async function renderBroker(view, id) {
  const d = await getJson(`/api/brokers/${encodeURIComponent(id)}`);
  const card = d.scorecard;
  const heat = h("div", { class: "heatmap" });
  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h("h1", { title: d.broker.en ?? null }, brokerName(d.broker)),
      h(
        "p",
        { class: "muted" },
        `${d.broker.reports} 份研报，${d.broker.picks} 只荐股（${d.broker.firstReportDate ?? "—"} 至 ${d.broker.lastReportDate ?? "—"}）。 `,
        h("a", { href: `#/picks?broker=${encodeURIComponent(d.broker.id)}` }, "查看全部荐股 →"),
      ),
    ),
    card ? verdictTiles(card) : h("p", { class: "muted" }, "尚无已评估的荐股。"),
    card ? section("各检查点超额收益", checkpointTable(card)) : null,
    section(
      "评级校准",
      card && card.calibration.n > 0 ? heat : h("p", { class: "muted" }, "尚无可比较的到期结果。"),
      card && card.calibration.n > 0
        ? h(
            "p",
            { class: "muted small" },
            `N=${card.calibration.n}；行：印刷评级，列：到期时超额收益落入的券商自身标签。`,
          )
        : null,
    ),
    // Full width: side by side, seven columns each are cut off below ~1600 px.
    section(
      "按立场",
      groupTable(d.stances, "立场", (k) => STANCE[k] ?? k),
    ),
    section(
      "按印刷评级",
      groupTable(d.labels, "评级", (k) => k),
    ),
    section("券商印刷的评级说明", ...scales(d.scales)),
    section(
      "分析师",
      table(
        [
          { label: "姓名", cell: (a) => a.name },
          { label: "执业编号", cell: (a) => a.license ?? "—" },
          { label: "研报", class: "num", cell: (a) => String(a.reports), sort: (a) => a.reports },
          { label: "荐股", class: "num", cell: (a) => String(a.scorecard?.n ?? 0), sort: (a) => a.scorecard?.n ?? 0 },
          {
            label: "命中率",
            cell: (a) => hitRateCell(a.scorecard?.hitRate),
            sort: (a) => a.scorecard?.hitRate.rate ?? null,
          },
          { label: "至今超额", class: "num", cell: (a) => excessCell(a.scorecard?.checkpoints.toDate) },
        ],
        d.analysts,
      ),
    ),
    section(
      "研报",
      table(
        [
          {
            label: "日期",
            cell: (r) => [r.reportDate ?? "—", r.dateKind === "inferred" ? h("span", { class: "tag" }, "推断") : null],
          },
          {
            label: "标题",
            class: "title",
            cell: (r) =>
              h("a", { href: `#/reports/${r.id}`, class: "title-link" }, reportTitle({ ...r, broker: d.broker })),
          },
          {
            label: "行业评级",
            cell: (r) => [r.industryRating ?? "—", r.industryAction ? ` (${r.industryAction})` : ""],
          },
          { label: "荐股", class: "num", cell: (r) => String(r.picks) },
        ],
        d.reports,
      ),
    ),
  );
  if (card && card.calibration.n > 0) calibrationHeatmap(heat, card.calibration);
}
