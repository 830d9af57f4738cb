import { getJson, query } from "../api.js";
import { calibrationHeatmap } from "../charts.js";
import { h, section, table } from "../dom.js";
import {
  balanced,
  brokerName,
  CHECKPOINT_LABEL,
  codeText,
  dateKind,
  JOB_STATUS,
  JOB_TRIGGER,
  jobReasonText,
  num,
  pct,
  rate,
  reportTitle,
  STANCE,
  signClass,
} from "../format.js";
import { ratingInput } from "./picks.js";

const LEADER_CHECKPOINTS = ["1m", "3m", "6m", "12m", "toDate"];

/** Hit rate with its 95% interval and N, and a bar showing the interval. */
export function hitRateCell(hr) {
  if (!hr || hr.n === 0) return h("span", { class: "muted", title: "尚无到期判定" }, "— (N=0)");
  const lo = hr.interval?.low ?? 0;
  const hi = hr.interval?.high ?? 1;
  const bar = h("span", { class: "ci-bar" }, h("span", { class: "ci-range" }), h("span", { class: "ci-point" }));
  bar.firstChild.style.left = `${lo * 100}%`;
  bar.firstChild.style.width = `${(hi - lo) * 100}%`;
  bar.lastChild.style.left = `${(hr.rate ?? 0) * 100}%`;
  return h(
    "span",
    { class: "hit-rate", title: `${hr.count} / ${hr.n} 命中；95% Wilson 区间 ${rate(lo)}–${rate(hi)}` },
    h("strong", null, rate(hr.rate)),
    h("span", { class: "muted small" }, ` [${rate(lo, 0)}–${rate(hi, 0)}] N=${hr.n}`),
    bar,
  );
}

/** Mean excess with its N; median and win rate on hover. Takes a scorecard's CheckpointStats. */
export function excessCell(stats) {
  if (!stats || stats.n === 0) return h("span", { class: "muted" }, "—");
  return meanCell({ n: stats.n, mean: stats.meanExcess, median: stats.medianExcess, winRate: stats.winRate.rate });
}

/** The same from a dashboard leaderboard line's { n, mean, median, winRate }: mean, and the median beneath it. */
function meanCell(x) {
  if (!x || x.n === 0) return h("span", { class: "muted" }, "—");
  return h(
    "span",
    { class: "mean-median", title: `均值 ${pct(x.mean)}；中位数 ${pct(x.median)}；胜率 ${rate(x.winRate)}；N=${x.n}` },
    h("span", { class: `mean ${signClass(x.mean)}` }, pct(x.mean)),
    h("span", { class: "muted small" }, ` N=${x.n}`),
    h("span", { class: "median small" }, "中位 ", h("span", { class: signClass(x.median) }, pct(x.median))),
  );
}

/**
 * A hit rate whose 95% interval is clustered by report, with its N and the reports it rests on:
 * `unit` names what is counted (观点 for calls).
 */
function clusteredCell(cr, unit) {
  if (!cr || cr.n === 0) return h("span", { class: "muted", title: "尚无到期判定" }, `— (0 ${unit} / 0 研报)`);
  const lo = cr.interval?.low ?? 0;
  const hi = cr.interval?.high ?? 1;
  return h(
    "span",
    {
      class: "clustered-rate",
      title: `${cr.count} / ${cr.n} 命中；按研报聚类的 95% 区间 ${rate(lo)}–${rate(hi)}（有效样本 ${num(cr.interval?.effectiveN ?? 0, 1)}）`,
    },
    h("strong", null, rate(cr.rate)),
    h("span", { class: "muted small" }, ` [${rate(lo, 0)}–${rate(hi, 0)}]`),
    h("div", { class: "counts small" }, `${cr.n} ${unit} / ${cr.reports} 研报`),
  );
}

function leaderboardTable(rows, ratedOnly, ranked) {
  const of = (r) => (ratedOnly ? r.rated : r);
  const columns = [
    {
      label: ranked ? "排名 · 券商" : "券商",
      cell: (r) => [
        r.rank === null ? null : h("span", { class: "rank", title: "按观点命中率 95% 区间下限排名" }, `${r.rank} `),
        h("a", { href: `#/brokers/${encodeURIComponent(r.broker.id)}`, class: "broker-name" }, brokerName(r.broker)),
      ],
      sort: (r) => (ranked ? r.rank : r.broker.name),
    },
    { label: "研报", class: "num", cell: (r) => String(r.reports), sort: (r) => r.reports },
    {
      label: ratedOnly ? "评级荐股" : "荐股",
      class: "num",
      cell: (r) => String(ratedOnly ? r.rated.picks : r.picks),
      sort: (r) => (ratedOnly ? r.rated.picks : r.picks),
    },
    {
      label: "命中率 [95%区间] N",
      title: "到期判定的命中率（命中 / (命中 + 未达)），含 Wilson 95% 区间与样本数",
      cell: (r) => hitRateCell(of(r).hitRate),
      sort: (r) => of(r).hitRate.rate,
    },
    ...LEADER_CHECKPOINTS.map((k) => ({
      label: `超额 ${CHECKPOINT_LABEL[k]}`,
      title: ratedOnly
        ? `${CHECKPOINT_LABEL[k]}超额收益的均值与中位数（只含券商印刷正面评级的荐股）`
        : `${CHECKPOINT_LABEL[k]}超额收益的均值与中位数（含关注与受益标的）`,
      class: "num",
      cell: (r) => meanCell(of(r).excess[k]),
      sort: (r) => of(r).excess[k]?.mean ?? null,
    })),
    {
      label: "窗口内命中",
      title: "6~12个月类期限：窗口内任一收盘达到区间",
      class: "num",
      cell: (r) => {
        const w = of(r).hitWithinWindow;
        return w.n > 0 ? `${rate(w.rate)} N=${w.n}` : "—";
      },
      sort: (r) => of(r).hitWithinWindow.rate,
    },
    {
      label: "观点命中率",
      title:
        "每个观点（同一券商对同一股票的持续评级）只计一次；95% 区间按首发研报聚类，排名依据其下限；下方为观点数与研报数",
      class: "num per-call",
      cell: (r) => clusteredCell(r.perCall, "观点"),
      sort: (r) => r.perCall.interval?.low ?? null,
    },
  ];
  return table(columns, rows, {
    class: `data leaderboard${ratedOnly ? " rated-only" : ""}${ranked ? " ranked" : " too-few"}`,
    rowData: (r) => ({ broker: r.broker.id }),
  });
}

const RATED_KEY = "brokerpicks.ratedOnly";

/**
 * The leaderboard with its switch (every pick, or rated calls only: the broker's own 买入/增持 …):
 * brokers ranked by the lower bound of their per-call interval, and apart, those with too few
 * judged calls to be ranked.
 */
function leaderboard(rows, tooFew, minCalls) {
  let ratedOnly = localStorage.getItem(RATED_KEY) !== "all";
  const holder = h("div", { class: "leaderboard-holder" });
  const note = h("p", { class: "muted small", id: "leaderboard-note" });
  const buttons = [
    ["rated", "只看评级荐股"],
    ["all", "全部荐股"],
  ].map(([value, label]) =>
    h(
      "button",
      {
        type: "button",
        class: "tab",
        role: "tab",
        dataset: { scope: value },
        onclick: () => {
          ratedOnly = value === "rated";
          localStorage.setItem(RATED_KEY, value);
          render();
        },
      },
      label,
    ),
  );
  const render = () => {
    for (const b of buttons) b.setAttribute("aria-selected", String((b.dataset.scope === "rated") === ratedOnly));
    note.textContent = ratedOnly
      ? "只含券商以自身评级说明中的正面评级（买入、增持等）明确推荐的荐股；每格为超额收益均值，下方为中位数。"
      : "含全部荐股（关注、受益标的也计入超额收益）；每格为超额收益均值，下方为中位数。";
    // Ranked by the server (per-call lower bound); the switch changes the figures shown, not the order.
    holder.replaceChildren(
      rows.length > 0
        ? leaderboardTable(rows, ratedOnly, true)
        : h("p", { class: "muted" }, `尚无券商达到 ${minCalls} 个已判定观点，暂不排名。`),
      h("h3", { id: "too-few-calls" }, "观点不足"),
      h("p", { class: "muted small" }, `已判定观点少于 ${minCalls} 个的券商不参与排名，仅列出其数据。`),
      tooFew.length > 0 ? leaderboardTable(tooFew, ratedOnly, false) : h("p", { class: "muted" }, "无"),
    );
  };
  render();
  return [h("div", { class: "tabs", role: "tablist", id: "leaderboard-scope" }, buttons), note, holder];
}

function benchmarks(dash) {
  return h(
    "div",
    { class: "tiles" },
    dash.benchmarks.map((b) =>
      h(
        "div",
        { class: "tile" },
        h("div", { class: "tile-label" }, balanced(b.name), h("span", { class: "muted small" }, ` ${b.symbol}`)),
        h("div", { class: "tile-value" }, num(b.level)),
        h(
          "div",
          { class: "tile-foot" },
          h("span", null, "近1月 ", h("b", { class: signClass(b.returns["1m"]) }, pct(b.returns["1m"]))),
          h("span", null, "近3月 ", h("b", { class: signClass(b.returns["3m"]) }, pct(b.returns["3m"]))),
          h("span", null, "年初至今 ", h("b", { class: signClass(b.returns.ytd) }, pct(b.returns.ytd))),
        ),
        h("div", { class: "muted small" }, b.date ? `截至 ${b.date}` : "暂无价格"),
      ),
    ),
  );
}

function calibrationSection(rows) {
  const body = h("div", { class: "calibration" });
  const tabs = h("div", { class: "tabs", role: "tablist" });
  const show = async (id) => {
    for (const t of tabs.children) t.setAttribute("aria-selected", String(t.dataset.broker === id));
    body.replaceChildren(h("p", { class: "loading" }, "加载中…"));
    const detail = await getJson(`/api/brokers/${encodeURIComponent(id)}`);
    body.replaceChildren();
    const m = detail.scorecard?.calibration;
    if (!m || m.n === 0) {
      body.append(h("p", { class: "muted" }, "尚无可比较的到期结果（需评级期限已满且有量化区间）。"));
      return;
    }
    const el = h("div", { class: "heatmap" });
    body.append(
      el,
      h(
        "p",
        { class: "muted small" },
        `N=${m.n}；行：印刷评级（括号内为未印评级的立场），列：到期超额收益落入的券商自身标签。`,
      ),
    );
    calibrationHeatmap(el, m);
  };
  for (const r of rows) {
    tabs.append(
      h(
        "button",
        {
          type: "button",
          role: "tab",
          class: "tab",
          dataset: { broker: r.broker.id },
          onclick: () => show(r.broker.id),
        },
        brokerName(r.broker),
      ),
    );
  }
  if (rows[0]) show(rows[0].broker.id);
  return section("评级校准（印刷评级 × 实现标签）", tabs, body);
}

function mostPicked(mp, names) {
  const note = mp.window ? `${mp.window.from} 至 ${mp.window.to} 期间被两家及以上券商提及` : "暂无研报";
  return section(
    "多家券商共同提及",
    h("p", { class: "muted small" }, note),
    table(
      [
        {
          label: "股票",
          cell: (r) =>
            h(
              "a",
              { href: `#/picks?symbol=${encodeURIComponent(r.symbol)}` },
              r.name,
              h("span", { class: "code" }, r.code),
            ),
        },
        {
          label: "券商",
          cell: (r) =>
            r.brokers.map((id) => h("span", { class: "chip" }, names.get(id) ?? brokerName({ id, name: id }))),
        },
        { label: "次数", class: "num", cell: (r) => String(r.picks) },
        { label: "首次", cell: (r) => r.firstReportDate },
        {
          label: "首次以来超额",
          class: "num",
          cell: (r) => h("span", { class: signClass(r.excessSince) }, pct(r.excessSince)),
        },
      ],
      mp.items,
      { empty: "窗口内没有被两家以上券商同时提及的股票" },
    ),
  );
}

function latestReports(reports) {
  return section(
    "最新研报",
    table(
      [
        {
          label: "日期",
          cell: (r) => [
            r.reportDate ?? "—",
            r.dateKind === "inferred" ? h("span", { class: "tag" }, dateKind(r.dateKind)) : null,
          ],
        },
        { label: "券商", cell: (r) => brokerName(r.broker) },
        {
          label: "标题",
          class: "title",
          cell: (r) => h("a", { href: `#/reports/${r.id}`, class: "title-link" }, reportTitle(r)),
        },
        { label: "行业", cell: (r) => r.sector ?? "—" },
        { label: "荐股", class: "num", cell: (r) => String(r.picks) },
      ],
      reports,
    ),
  );
}

const QUALITY = [
  ["reports", "研报"],
  ["picks", "荐股"],
  ["scored", "已评估"],
  ["pending", "未到期"],
  ["unscorable", "无法评估"],
  ["unresolved", "未识别证券"],
  ["stale", "停牌沿用"],
  ["delisted", "已退市"],
  ["noPrices", "无行情数据"],
  ["unknownBroker", "未识别券商"],
  ["missingBenchmark", "缺基准"],
  ["inferredDates", "推断日期"],
  ["undatedReports", "无日期研报"],
  ["noScale", "无评级说明"],
  ["unparsedScale", "评级说明未解析"],
];

function dataQuality(q) {
  return section(
    "数据质量",
    h(
      "dl",
      { class: "quality" },
      QUALITY.map(([k, label]) =>
        h(
          "div",
          { class: q[k] > 0 && !["reports", "picks", "scored"].includes(k) ? "warn" : "" },
          h("dt", null, label),
          h("dd", null, String(q[k])),
        ),
      ),
    ),
  );
}

/** A run's start in local time, to the minute: 2026-11-22 15:30. */
function startedAt(iso) {
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function jobs(runs) {
  return section(
    "价格任务",
    table(
      [
        { label: "开始", cell: (r) => startedAt(r.startedAt) },
        { label: "触发", cell: (r) => codeText(JOB_TRIGGER, r.trigger) },
        {
          label: "状态",
          cell: (r) => h("span", { class: `status status-${r.status}` }, codeText(JOB_STATUS, r.status)),
        },
        { label: "原因", class: "wrap", cell: (r) => h("span", { title: r.reason ?? "" }, jobReasonText(r.reason)) },
        {
          label: "成功/未变/失败",
          title: "证券数：成功 / 未变 / 失败",
          class: "num",
          cell: (r) => `${r.symbolCounts.ok}/${r.symbolCounts.unchanged}/${r.symbolCounts.failed}`,
        },
        { label: "写入行", class: "num", cell: (r) => String(r.rowsWritten) },
      ],
      runs,
      { empty: "尚无运行记录" },
    ),
  );
}

/** Filters that open the picks list: report date range, sector, broker, rating, stance. */
function pickFilters(rows) {
  const field = (label, control) => h("label", { class: "field" }, h("span", null, label), control);
  const form = h(
    "form",
    { class: "filters", id: "overview-filters" },
    field("起始日期", h("input", { name: "from", type: "date" })),
    field("截止日期", h("input", { name: "to", type: "date" })),
    field("行业", h("input", { name: "sector", placeholder: "如 计算机", maxlength: 32 })),
    field(
      "券商",
      h(
        "select",
        { name: "broker" },
        h("option", { value: "" }, "全部"),
        rows.map((r) => h("option", { value: r.broker.id }, brokerName(r.broker))),
      ),
    ),
    field("评级", ratingInput("")),
    field(
      "立场",
      h(
        "select",
        { name: "stance" },
        h("option", { value: "" }, "全部"),
        Object.entries(STANCE).map(([v, label]) => h("option", { value: v }, label)),
      ),
    ),
    h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, "查看荐股")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const k of ["broker", "stance", "rating", "sector", "from", "to"]) next[k] = String(data.get(k) ?? "").trim();
    location.hash = `#/picks${query(next)}`;
  });
  return section("筛选荐股", form);
}

export async function renderOverview(view) {
  const dash = await getJson("/api/dashboard");
  const o = dash.overall;
  const brokers = [...dash.leaderboard, ...dash.tooFewCalls];
  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h("h1", null, "券商荐股表现"),
      h(
        "p",
        { class: "muted" },
        `共 ${dash.dataQuality.reports} 份研报、${dash.dataQuality.picks} 只荐股；总体命中率 ${rate(o.hitRate.rate)}（N=${o.hitRate.n}）。`,
      ),
    ),
    benchmarks(dash),
    pickFilters(brokers),
    section(
      "券商排行",
      h(
        "p",
        { class: "muted small" },
        `按观点命中率 95% 区间（按研报聚类）的下限排名，至少 ${dash.minCalls} 个已判定观点；点击表头排序；命中率只统计已到期且有量化评级的荐股。`,
      ),
      ...leaderboard(dash.leaderboard, dash.tooFewCalls, dash.minCalls),
    ),
    calibrationSection(brokers),
    h(
      "div",
      { class: "grid-2" },
      mostPicked(dash.mostPicked, new Map(brokers.map((r) => [r.broker.id, brokerName(r.broker)]))),
      latestReports(dash.latestReports),
    ),
    h("div", { class: "grid-2" }, dataQuality(dash.dataQuality), jobs(dash.jobs)),
  );
  return dash;
}
