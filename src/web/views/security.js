import { getJson } from "../api.js";
import { ratingHistoryChart } from "../charts.js";
import { h, section, table } from "../dom.js";
import { brokerName, MARKET_NAME, positionText, RATING_ROLE, STANCE, targetPrice } from "../format.js";

/** The link to a security's page, by its name and code. */
export function securityLink(security) {
  if (!security.symbol) return security.name ?? "—";
  return h(
    "a",
    { href: `#/securities/${encodeURIComponent(security.symbol)}`, class: "security-link" },
    security.name ?? security.symbol,
    security.code ? h("span", { class: "code" }, security.code) : null,
  );
}

const CHANGE_KIND = { upgrade: "上调", downgrade: "下调", changed: "评级变更" };

/** What a report says of the security: its printed rating, else its stance. */
function ratingText(item) {
  return item.rating ?? STANCE[item.stance] ?? "—";
}

/** The mark on the price chart: short label, tooltip, and a colour by what the report did. */
export function markText(item) {
  const parts = [
    `${item.reportDate} ${brokerName(item.broker)}`,
    `${item.rating ? "评级" : "立场"} ${ratingText(item)}${item.action ? `（${item.action}）` : ""}`,
    `目标价 ${targetPrice(item.targetPrice)}`,
    RATING_ROLE[item.role] ?? "",
  ];
  const color =
    item.action === "上调"
      ? "#d9363e"
      : item.action === "下调"
        ? "#1a9b50"
        : item.role === "none"
          ? "#94a3b8"
          : "#2563eb";
  return { label: ratingText(item).slice(0, 2), tooltip: parts.filter(Boolean).join("\n"), color };
}

export async function renderSecurity(view, symbol) {
  const path = `/api/securities/${encodeURIComponent(symbol)}`;
  const [detail, history] = await Promise.all([getJson(path), getJson(`${path}/ratings`)]);
  const s = detail.security;
  const chartEl = h("div", { class: "chart", id: "security-chart" });
  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h("h1", null, s.name, h("span", { class: "code" }, s.code)),
      h(
        "p",
        { class: "muted" },
        `${MARKET_NAME[s.market] ?? s.market} · ${s.symbol}${s.industry ? ` · ${s.industry}` : ""}${
          s.listDate ? ` · 上市 ${s.listDate}` : ""
        } · ${history.items.length} 份研报提及，${detail.picks.length} 只荐股。 `,
        h("a", { href: `#/picks?symbol=${encodeURIComponent(s.symbol)}` }, "查看全部荐股 →"),
      ),
    ),
    section(
      "股价与研报（复权收盘价）",
      detail.bars.length > 0 ? chartEl : h("p", { class: "muted", id: "security-chart-missing" }, "无行情数据。"),
      h("p", { class: "muted small" }, "图中标记为研报日期（非交易日记在其后第一个交易日），标记文字为评级或立场。"),
    ),
    section(
      "评级历史",
      table(
        [
          { label: "日期", cell: (r) => r.reportDate ?? "未印日期" },
          {
            label: "券商",
            cell: (r) => h("a", { href: `#/brokers/${encodeURIComponent(r.broker.id)}` }, brokerName(r.broker)),
          },
          { label: "评级 / 立场", cell: ratingText },
          { label: "评级变动", class: "rating-action", cell: (r) => r.action ?? "—" },
          { label: "目标价", class: "num target-price", cell: (r) => targetPrice(r.targetPrice) },
          { label: "角色", class: "role", cell: (r) => RATING_ROLE[r.role] ?? "—" },
          { label: "研报", cell: (r) => h("a", { href: `#/reports/${r.reportId}?pick=${r.pickId}` }, "查看 →") },
        ],
        history.items,
        { class: "data rating-history", empty: "尚无研报提及这只证券。", rowData: (r) => ({ pick: String(r.pickId) }) },
      ),
    ),
    section(
      "评级上调与下调",
      table(
        [
          { label: "日期", cell: (c) => c.on },
          { label: "变动", cell: (c) => CHANGE_KIND[c.kind] ?? "评级变更" },
          { label: "由", cell: (c) => positionText(c.from) },
          { label: "至", cell: (c) => positionText(c.to) },
          { label: "研报", cell: (c) => h("a", { href: `#/picks/${c.pickId}` }, "查看荐股 →") },
        ],
        history.changes,
        { class: "data rating-changes", empty: "没有评级上调或下调。" },
      ),
    ),
  );
  if (detail.bars.length > 0) ratingHistoryChart(chartEl, detail, history, markText);
}
