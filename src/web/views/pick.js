import { getJson } from "../api.js";
import { pickChart } from "../charts.js";
import { h, section, table } from "../dom.js";
import {
  benchmarkName,
  borrowedScaleText,
  CHECKPOINT_LABEL,
  FLAG,
  num,
  pct,
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
  const chartEl = h("div", { class: "chart", id: "pick-chart" });
  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h(
        "p",
        { class: "crumbs" },
        h("a", { href: `#/brokers/${encodeURIComponent(p.broker.id)}` }, p.broker.name),
        " · ",
        h("a", { href: `#/reports/${p.reportId}?pick=${p.id}` }, `研报 ${p.reportDate ?? ""}`),
      ),
      h(
        "h1",
        null,
        p.securityName ?? p.name,
        p.code ? h("span", { class: "code" }, p.code) : null,
        " ",
        verdictBadge(p),
      ),
      h(
        "p",
        { class: "muted" },
        `${STANCE[p.stance] ?? p.stance}${p.rating ? ` · 评级 ${p.rating}` : ""}`,
        p.ratingAction ? `（${p.ratingAction}）` : "",
        p.targetPrice ? ` · 目标价 ${targetPrice(p.targetPrice)}` : "",
        ` · 基准 ${p.benchmark ? `${benchmarkName(p.benchmark)} (${p.benchmark})` : "—"}`,
        p.judgedAs ? ` · 判定标准 ${p.judgedAs}` : "",
        p.reason ? ` · ${p.reason}` : "",
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
      tile("入场", p.entry ? num(p.entry.price) : "—", p.entry ? `${p.entry.date} 开盘（复权）` : "尚未入场"),
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
      detail.chart ? chartEl : h("p", { class: "muted" }, "没有可画的价格（未识别证券或尚未入场）。"),
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
            { label: "日期", cell: ([, c]) => c?.date ?? "未到" },
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
        h("blockquote", { class: "evidence", id: "pick-evidence" }, p.evidence),
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
