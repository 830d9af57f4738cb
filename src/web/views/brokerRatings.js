import { getJson } from "../api.js";
import { ratingHistoryChart } from "../charts.js";
import { h, section } from "../dom.js";
import { markText } from "./security.js";

/** The securities of all the broker's calls, newest opened first, each once: the first page, then the rest. */
async function callSecurities(id, first) {
  const calls = [...first.items];
  while (calls.length < first.total) {
    const page = await getJson(`/api/brokers/${encodeURIComponent(id)}/calls?limit=1000&offset=${calls.length}`);
    if (page.items.length === 0) break;
    calls.push(...page.items);
  }
  const seen = new Map();
  for (const c of calls) if (!seen.has(c.security.symbol)) seen.set(c.security.symbol, c.security);
  return [...seen.values()];
}

/** The security's bars and this broker's reports on it; a failure is kept to be said beside the chart. */
async function load(id, symbol) {
  const path = `/api/securities/${encodeURIComponent(symbol)}`;
  try {
    const [detail, history] = await Promise.all([
      getJson(path),
      getJson(`${path}/ratings?broker=${encodeURIComponent(id)}`),
    ]);
    return { detail, history, error: null };
  } catch (err) {
    return { detail: null, history: null, error: err.message };
  }
}

/**
 * A security of the broker's calls, chosen from a list, on its price chart with a mark at each of
 * this broker's reports on it (the security page's chart, this broker's reports only).
 */
export async function ratingChartSection(id, firstCalls) {
  const securities = await callSecurities(id, firstCalls);
  const title = "评级历史（股价与本券商研报）";
  if (securities.length === 0) {
    return {
      node: section(title, h("p", { class: "muted", id: "broker-rating-empty" }, "尚无观点，没有可选的证券。")),
      draw: () => {},
    };
  }
  const el = h("div", { class: "chart", id: "broker-rating-chart" });
  const note = h("p", { class: "muted small", id: "broker-rating-note" });
  const select = h(
    "select",
    { id: "broker-security", name: "security" },
    securities.map((s) => h("option", { value: s.symbol }, `${s.name ?? s.symbol} ${s.code ?? ""}`.trim())),
  );
  let shown = null;
  const draw = ({ detail, history, error }) => {
    const chart = window.echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
    if (error !== null) {
      el.hidden = true;
      note.textContent = `加载失败：${error}`;
      return;
    }
    const n = history.items.length;
    if (detail.bars.length === 0) {
      el.hidden = true;
      note.textContent = `${detail.security.name}：无行情数据；本券商 ${n} 份研报提及。`;
      return;
    }
    el.hidden = false;
    note.textContent = `${detail.security.name}：本券商 ${n} 份研报提及，图中标记为研报日期（非交易日记在其后第一个交易日），标记文字为评级或立场，悬停可见评级变动与目标价。`;
    ratingHistoryChart(el, detail, history, markText);
  };
  select.addEventListener("change", async () => {
    const symbol = select.value;
    shown = symbol;
    const data = await load(id, symbol);
    if (shown === symbol) draw(data);
  });
  const initial = await load(id, securities[0].symbol);
  shown = securities[0].symbol;
  return {
    node: section(title, h("div", { class: "filters" }, h("label", { class: "field" }, "证券", select)), el, note),
    draw: () => draw(initial),
  };
}
