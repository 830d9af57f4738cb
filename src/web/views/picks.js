import { getJson, query } from "../api.js";
import { h, table } from "../dom.js";
import {
  borrowedScaleText,
  brokerName,
  CHECKPOINT_LABEL,
  CHECKPOINTS,
  FLAG,
  judgedAsText,
  pct,
  pickState,
  reasonText,
  STANCE,
  signClass,
  targetPrice,
  VERDICT,
  VERDICT_HELP,
} from "../format.js";

const PAGE = 50;
const FILTERS = ["broker", "stance", "rating", "sector", "verdict", "symbol", "from", "to", "sort"];

/** Ratings brokers print most, offered as suggestions (any printed rating can be typed). */
export const COMMON_RATINGS = [
  "买入",
  "增持",
  "推荐",
  "强烈推荐",
  "优于大市",
  "跑赢行业",
  "谨慎推荐",
  "中性",
  "持有",
  "减持",
  "卖出",
];

export function ratingInput(value) {
  return [
    h("input", {
      name: "rating",
      id: "f-rating",
      value,
      placeholder: "如 买入",
      maxlength: 32,
      list: "rating-options",
    }),
    h(
      "datalist",
      { id: "rating-options" },
      COMMON_RATINGS.map((r) => h("option", { value: r })),
    ),
  ];
}
const SORTS = [
  ["-reportDate", "研报日期（新→旧）"],
  ["reportDate", "研报日期（旧→新）"],
  ["-excessToDate", "至今超额（高→低）"],
  ["excessToDate", "至今超额（低→高）"],
  ["-excess12m", "12个月超额（高→低）"],
  ["-excess6m", "6个月超额（高→低）"],
  ["-excess3m", "3个月超额（高→低）"],
  ["-excess1m", "1个月超额（高→低）"],
  ["broker", "券商"],
  ["symbol", "代码"],
  ["verdict", "结论"],
];

function select(name, value, options, blank) {
  return h(
    "select",
    { name, id: `f-${name}` },
    blank === null ? null : h("option", { value: "" }, blank),
    options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)),
  );
}

function field(label, ...controls) {
  return h("label", { class: "field" }, h("span", null, label), ...controls);
}

export function verdictBadge(pick) {
  if (!pick.verdict) return h("span", { class: "badge", title: reasonText(pick) ?? "" }, "未评估");
  return h(
    "span",
    {
      class: `badge verdict-${pick.verdict}`,
      title: [VERDICT_HELP[pick.verdict], judgedAsText(pick), reasonText(pick)].filter(Boolean).join("；"),
    },
    VERDICT[pick.verdict],
  );
}

function excess(cp) {
  if (!cp) return h("span", { class: "muted" }, "—");
  return h(
    "span",
    { class: `${signClass(cp.excess)}${cp.stale ? " stale" : ""}`, title: cp.stale ? "停牌：沿用最后收盘价" : cp.date },
    pct(cp.excess),
  );
}

/** 评级变动 and 目标价, as the picks table and a report's picks show them. */
export const ACTION_TARGET_COLUMNS = [
  { label: "评级变动", class: "rating-action", cell: (p) => p.ratingAction ?? "—" },
  {
    label: "目标价",
    class: "num target-price",
    cell: (p) => (p.targetPrice ? h("span", { title: p.targetPrice.evidence }, targetPrice(p.targetPrice)) : "—"),
  },
];

const COLUMNS = [
  {
    label: "研报日期",
    cell: (p) => [p.reportDate ?? "—", p.reportDateKind === "inferred" ? h("span", { class: "tag" }, "推断") : null],
  },
  { label: "券商", cell: (p) => brokerName(p.broker) },
  {
    label: "股票",
    cell: (p) => [
      p.securityName ?? p.name,
      p.code ? h("span", { class: "code" }, p.code) : h("span", { class: "tag warn" }, "未识别"),
    ],
  },
  { label: "立场", cell: (p) => STANCE[p.stance] ?? p.stance },
  { label: "评级", cell: (p) => p.rating ?? "—" },
  ...ACTION_TARGET_COLUMNS,
  ...CHECKPOINTS.map((k) => ({
    label: `超额 ${CHECKPOINT_LABEL[k]}`,
    class: "num",
    cell: (p) => excess(p.checkpoints[k]),
  })),
  { label: "至今超额", class: "num", cell: (p) => excess(p.toDate) },
  {
    label: "结论",
    cell: (p) => [
      verdictBadge(p),
      p.scaleSource?.kind === "borrowed"
        ? h("span", { class: "tag borrowed-scale", title: borrowedScaleText(p.scaleSource) }, "借用标准")
        : null,
    ],
  },
  {
    label: "标记",
    cell: (p) => {
      const state = pickState(p);
      const shown = state
        ? [h("span", { class: "tag warn pick-state", dataset: { state: state.code } }, state.message)]
        : [];
      const flags = p.flags.map((f) => FLAG[f] ?? "其他").filter((f) => f !== state?.message);
      return [...shown, ...flags.map((f) => h("span", { class: "tag warn" }, f))];
    },
  },
];

/** The picks table with the API's filters; the state lives in the URL hash (#/picks?broker=…). */
export async function renderPicks(view, params) {
  const state = {};
  for (const k of FILTERS) state[k] = params.get(k) ?? "";
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  const [brokers, page] = await Promise.all([
    getJson("/api/brokers"),
    getJson(`/api/picks${query({ ...state, limit: PAGE, offset })}`),
  ]);

  const form = h(
    "form",
    { class: "filters", id: "pick-filters" },
    field(
      "券商",
      select(
        "broker",
        state.broker,
        brokers.items.map((b) => [b.broker.id, brokerName(b.broker)]),
        "全部",
      ),
    ),
    field("立场", select("stance", state.stance, Object.entries(STANCE), "全部")),
    field("结论", select("verdict", state.verdict, Object.entries(VERDICT), "全部")),
    field("评级", ratingInput(state.rating)),
    field(
      "行业",
      h("input", { name: "sector", id: "f-sector", value: state.sector, placeholder: "如 计算机", maxlength: 32 }),
    ),
    field(
      "证券",
      h("input", {
        name: "symbol",
        id: "f-symbol",
        value: state.symbol,
        placeholder: "代码或名称，如 300418、昆仑万维",
        maxlength: 20,
        list: "f-symbol-list",
        autocomplete: "off",
      }),
      h("datalist", { id: "f-symbol-list" }),
    ),
    field("起始日期", h("input", { name: "from", type: "date", value: state.from })),
    field("截止日期", h("input", { name: "to", type: "date", value: state.to })),
    field("排序", select("sort", state.sort || "-reportDate", SORTS, null)),
    h(
      "div",
      { class: "field actions" },
      h("button", { type: "submit", class: "primary" }, "筛选"),
      h("a", { href: "#/picks", class: "button" }, "重置"),
    ),
  );
  const symbolInput = form.querySelector("#f-symbol");
  const symbolList = form.querySelector("#f-symbol-list");
  // Names, former names and codes: the search answers as the analyst types.
  let searchTimer = null;
  symbolInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    const q = symbolInput.value.trim();
    if (q.length === 0) return;
    searchTimer = setTimeout(async () => {
      const found = await searchSecurities(q);
      symbolList.replaceChildren(
        ...found.map((s) =>
          h(
            "option",
            { value: s.symbol },
            `${s.name}（${s.code}）${s.matchedBy === "former-name" ? `，曾用名 ${s.matchedName}` : ""}`,
          ),
        ),
      );
    }, 200);
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const k of FILTERS) next[k] = String(data.get(k) ?? "").trim();
    if (next.sort === "-reportDate") next.sort = "";
    // A name typed in the 证券 field is looked up; a code or symbol is taken as it is.
    if (next.symbol && !/^[0-9A-Za-z.^]+$/.test(next.symbol)) {
      const [best] = await searchSecurities(next.symbol);
      next.symbol = best ? best.symbol : next.symbol;
    }
    location.hash = `#/picks${query(next)}`;
  });

  const csvHref = `/api/export/picks.csv${query(state)}`;
  const pager = h(
    "div",
    { class: "pager" },
    h(
      "span",
      { class: "muted", id: "pick-count" },
      `共 ${page.total} 只荐股，显示 ${page.total === 0 ? 0 : offset + 1}–${offset + page.items.length}`,
    ),
    offset > 0
      ? h(
          "a",
          { class: "button", href: `#/picks${query({ ...state, offset: Math.max(0, offset - PAGE) })}` },
          "← 上一页",
        )
      : null,
    offset + PAGE < page.total
      ? h("a", { class: "button", href: `#/picks${query({ ...state, offset: offset + PAGE })}` }, "下一页 →")
      : null,
    h(
      "a",
      { class: "button", id: "csv-download", href: csvHref, download: "brokerpicks-picks.csv" },
      "下载 CSV（当前筛选）",
    ),
  );

  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h("h1", null, "荐股明细"),
      h("p", { class: "muted small" }, "超额收益 = 个股复权收益 − 基准收益；点击一行查看走势与原文。"),
    ),
    h("section", { class: "card" }, form),
    h(
      "section",
      { class: "card" },
      pager,
      table(COLUMNS, page.items, {
        class: "data picks",
        rowClass: () => "clickable",
        rowData: (p) => ({ pick: String(p.id) }),
        onRow: (p) => {
          location.hash = `#/picks/${p.id}`;
        },
        empty: "没有符合条件的荐股",
      }),
    ),
  );
}

/** Securities whose name, former name, code or symbol matches, best first. */
async function searchSecurities(q) {
  try {
    const res = await getJson(`/api/securities?q=${encodeURIComponent(q)}&limit=8`);
    return res.items;
  } catch {
    return [];
  }
}
