import { getJson } from "../api.js";
import { pickChart } from "../charts.js";
import { h, section, table } from "../dom.js";
import {
  benchmarkName,
  borrowedScaleText,
  brokerName,
  CHECKPOINT_LABEL,
  FLAG,
  judgedAsText,
  num,
  pct,
  pickState,
  plainText,
  reasonText,
  STANCE,
  signClass,
  targetPrice,
} from "../format.js";
import { verdictBadge } from "./picks.js";

function tile(label, value, foot) {
  return h(
    "div",
    { class: "tile" },
    h("div", { class: "tile-label" }, label),
    h("div", { class: "tile-value" }, value),
    foot ? h("div", { class: "muted small" }, foot) : null,
  );
}

export async function renderPick(view, id) {
  const detail = await getJson(`/api/picks/${encodeURIComponent(id)}`);
  const p = detail.pick;
  const rows = [...Object.entries(p.checkpoints), ["toDate", p.toDate]];
  const state = pickState(p);
  // A checkpoint without a date is "not reached" only for a pick that is being tracked.
  const noDate = state && !p.entry ? state.message : "未到";
  const chartEl = h("div", { class: "chart", id: "pick-chart" });
  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h(
        "p",
        { class: "crumbs" },
        h("a", { href: `#/brokers/${encodeURIComponent(p.broker.id)}` }, brokerName(p.broker)),
        " · ",
        h("a", { href: `#/reports/${p.reportId}?pick=${p.id}` }, `研报 ${p.reportDate ?? ""}`),
        p.symbol ? " · " : null,
        p.symbol
          ? h("a", { href: `#/securities/${encodeURIComponent(p.symbol)}`, id: "security-link" }, "评级历史与股价")
          : null,
      ),
      h(
        "h1",
        null,
        p.securityName ?? p.name,
        p.code ? h("span", { class: "code" }, p.code) : null,
        " ",
        verdictBadge(p),
        state ? h("span", { class: "tag warn pick-state", dataset: { state: state.code } }, state.message) : null,
      ),
      h(
        "p",
        { class: "muted" },
        `${STANCE[p.stance] ?? p.stance}${p.rating ? ` · 评级 ${p.rating}` : ""}`,
        p.ratingAction ? `（${p.ratingAction}）` : "",
        p.targetPrice ? ` · 目标价 ${targetPrice(p.targetPrice)}` : "",
        ` · 基准 ${p.benchmark ? `${benchmarkName(p.benchmark)} (${p.benchmark})` : "—"}`,
        p.judgedAs || p.judgedAsZh ? ` · 判定标准 ${judgedAsText(p)}` : "",
        p.reason || p.reasonZh ? ` · ${reasonText(p)}` : "",
      ),
      p.scaleSource?.kind === "borrowed"
        ? h(
            "p",
            { class: "muted small", id: "scale-source" },
            h("a", { href: `#/reports/${p.scaleSource.reportId}` }, borrowedScaleText(p.scaleSource)),
            "（本研报未印可用的个股评级说明，按本券商 12 个月内最近一篇研报所印的评级说明评估）",
          )
        : null,
    ),
    h(
      "div",
      { class: "tiles" },
      tile(
        "入场",
        p.entry ? num(p.entry.price) : "—",
        p.entry ? `${p.entry.date} 开盘（复权）` : (state?.message ?? "尚未入场"),
      ),
      tile(
        "至今超额",
        h("span", { class: signClass(p.toDate?.excess) }, pct(p.toDate?.excess)),
        p.toDate ? `截至 ${p.toDate.date}` : null,
      ),
      tile("判定期限", p.verdictHorizon ? (CHECKPOINT_LABEL[p.verdictHorizon] ?? p.verdictHorizon) : "—"),
      tile("实现标签", p.realizedLabel ?? "—", "到期超额落入的券商自身标签"),
      tile("窗口内命中", p.hitWithinWindow === null ? "—" : p.hitWithinWindow ? "是" : "否"),
    ),
    section(
      "走势（入场 = 1）",
      detail.chart
        ? chartEl
        : h(
            "p",
            { class: "muted", id: "chart-missing" },
            `没有可画的价格：${reasonText(p) ?? state?.message ?? "尚未入场"}。`,
          ),
    ),
    h(
      "div",
      { class: "grid-2" },
      section(
        "检查点",
        table(
          [
            {
              label: "检查点",
              cell: ([k]) => [
                CHECKPOINT_LABEL[k] ?? k,
                k === p.verdictHorizon ? h("span", { class: "tag" }, "判定") : null,
              ],
            },
            { label: "日期", cell: ([, c]) => c?.date ?? noDate },
            {
              label: "个股",
              class: "num",
              cell: ([, c]) => h("span", { class: signClass(c?.return) }, pct(c?.return)),
            },
            {
              label: "基准",
              class: "num",
              cell: ([, c]) => h("span", { class: signClass(c?.benchmarkReturn) }, pct(c?.benchmarkReturn)),
            },
            {
              label: "超额",
              class: "num",
              cell: ([, c]) => h("strong", { class: signClass(c?.excess) }, pct(c?.excess)),
            },
            { label: "", cell: ([, c]) => (c?.stale ? h("span", { class: "tag warn" }, "停牌沿用") : "") },
          ],
          rows,
        ),
      ),
      section(
        "原文",
        h("blockquote", { class: "evidence", id: "pick-evidence" }, plainText(p.evidence)),
        h(
          "p",
          { class: "muted small" },
          `研报所印名称：${p.name}`,
          p.flags.length ? ` · ${p.flags.map((f) => FLAG[f] ?? f).join("、")}` : "",
        ),
        h("a", { href: `#/reports/${p.reportId}?pick=${p.id}` }, "在研报全文中查看 →"),
      ),
    ),
  );
  if (detail.chart) pickChart(chartEl, detail);
}
