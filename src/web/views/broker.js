import { getJson } from "../api.js";
import { calibrationHeatmap, eventStudyChart, eventStudyGroupsChart } from "../charts.js";
import { h, section, table } from "../dom.js";
import {
  balanced,
  brokerName,
  CALL_END,
  CHECKPOINT_LABEL,
  eventGroupText,
  horizonText,
  MARKET_NAME,
  pct,
  positionText,
  rate,
  reportTitle,
  STANCE,
  signClass,
  VERDICT,
} from "../format.js";
import { coverageSection } from "./brokerCoverage.js";
import { ratingChartSection } from "./brokerRatings.js";
import { targetsSection } from "./brokerTargets.js";
import { excessCell, hitRateCell } from "./overview.js";
import { verdictBadge } from "./picks.js";
import { securityLink } from "./security.js";

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
      h("div", { class: "tile-label" }, "命中率（按研报荐股）"),
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

function callExcess(c) {
  const at = c.exit ?? c.toDate;
  if (!at) return h("span", { class: "muted" }, "—");
  return [
    h("span", { class: signClass(at.excess) }, pct(at.excess)),
    h("span", { class: "muted small" }, c.exit ? " 离场" : " 至今"),
  ];
}

const CALL_COLUMNS = [
  { label: "评级", cell: (c) => positionText(c.position) },
  { label: "证券", cell: (c) => securityLink(c.security) },
  {
    label: "开始",
    cell: (c) => [c.openedOn, c.firstCoverage ? h("span", { class: "tag first-coverage" }, "首次") : null],
  },
  { label: "维持次数", class: "num reiterations", cell: (c) => String(c.reiterations.count) },
  {
    label: "结束",
    class: "call-end",
    cell: (c) => (c.end ? `${c.end.on} ${CALL_END[c.end.reason] ?? "结束"}` : h("span", { class: "muted" }, "进行中")),
  },
  { label: "判定", cell: (c) => verdictBadge(c) },
  { label: "超额（离场 / 至今）", class: "num", cell: callExcess },
];

function rateTile(label, view, hr, foot) {
  return h(
    "div",
    { class: "tile", dataset: { view } },
    h("div", { class: "tile-label" }, label),
    h("div", { class: "tile-value" }, hitRateCell(hr)),
    h("div", { class: "muted small" }, foot),
  );
}

/** The broker's calls: the hit rate per call beside the rate per report pick, and the calls page by page. */
function callsSection(id, first) {
  const s = first.summary;
  const clustered = s.perCall.clustered;
  const perCall = { ...s.perCall, interval: clustered ?? s.perCall.interval };
  const tiles = h(
    "div",
    { class: "tiles", id: "call-rates" },
    rateTile(
      "命中率（按观点）",
      "calls",
      perCall,
      clustered
        ? `${clustered.calls} 个观点 / ${clustered.reports} 份研报；按开仓研报聚类的 95% 区间`
        : `${s.perCall.n} 个观点；95% 区间`,
    ),
    rateTile("命中率（按研报荐股）", "picks", s.perPick, `${s.perPick.n} 只荐股；95% 区间`),
  );
  const body = h("div", { id: "calls-table" });
  const pager = h("p", { class: "pager muted small", id: "calls-pager" });
  const show = (page) => {
    body.replaceChildren(
      table(CALL_COLUMNS, page.items, {
        class: "data calls",
        empty: "尚无观点。",
        rowData: (c) => ({ call: String(c.key) }),
      }),
    );
    const last = Math.min(page.offset + page.items.length, page.total);
    pager.replaceChildren(`共 ${page.total} 个观点，显示第 ${page.total === 0 ? 0 : page.offset + 1}–${last} 个`);
    const go = (offset) => async () => {
      const next = await getJson(`/api/brokers/${encodeURIComponent(id)}/calls?limit=${page.limit}&offset=${offset}`);
      show(next);
    };
    if (page.offset > 0)
      pager.append(
        " ",
        h("button", { type: "button", class: "switch", onclick: go(Math.max(0, page.offset - page.limit)) }, "上一页"),
      );
    if (last < page.total)
      pager.append(" ", h("button", { type: "button", class: "switch", onclick: go(last) }, "下一页"));
  };
  show(first);
  const broker = encodeURIComponent(id);
  const downloads = h(
    "p",
    { class: "downloads small", id: "broker-downloads" },
    "导出：",
    h(
      "a",
      { class: "button", id: "calls-csv", href: `/api/export/calls.csv?broker=${broker}`, download: "" },
      "观点 CSV",
    ),
    " ",
    h(
      "a",
      { class: "button", id: "targets-csv", href: `/api/export/targets.csv?broker=${broker}`, download: "" },
      "目标价 CSV",
    ),
  );
  return section(
    "观点（按观点计）",
    h(
      "p",
      { class: "muted small" },
      `一个观点是券商对一只证券的一次持仓判断：由首次给出评级或推荐的研报开启，之后同一评级的研报只算维持，评级变更或到期无维持时结束。共 ${s.calls} 个观点（进行中 ${s.open}，已结束 ${s.closed}），已判定 ${s.judged} 个，命中 ${s.hits} 个。`,
    ),
    tiles,
    body,
    pager,
    downloads,
  );
}

const EVENT_SPLITS = [
  ["all", "全部"],
  ["label", "按评级"],
  ["change", "上调与下调"],
];

/**
 * The broker's mean cumulative excess after entry, by trading day: over all its picks with the
 * band, or one line per printed label, or for the picks that upgraded and those that downgraded.
 */
function eventStudySection(id, first, el) {
  if (first.points.length === 0) {
    return {
      node: section(
        "事件研究：入场后累计超额收益",
        h("p", { class: "muted", id: "event-study-empty" }, "尚无已入场的荐股，无法计算。"),
      ),
      draw: () => {},
    };
  }
  const note = h("p", { class: "muted small", id: "event-study-note" });
  let current = "all";
  const draw = (study) => {
    const chart = window.echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
    if (study.by === "all") {
      note.textContent = `${study.picks} 只荐股 / ${study.points[0].reports} 份研报；入场日收盘为第 0 个交易日，至第 ${study.days} 个交易日；阴影为按研报聚类的 95% 区间（研报不足 2 份时不画）。`;
      eventStudyChart(el, study);
      return;
    }
    const what =
      study.by === "label" ? "每条线为一种印刷评级（无评级的按立场）" : "每条线为评级上调或下调的研报中的荐股";
    note.textContent =
      study.groups.length === 0
        ? "没有可分组的已入场荐股。"
        : `${what}：${study.groups.map((g) => `${eventGroupText(g.key)} ${g.picks} 只荐股 / ${g.reports} 份研报`).join("，")}；入场日收盘为第 0 个交易日。`;
    if (study.groups.length > 0) eventStudyGroupsChart(el, study.groups);
  };
  const buttons = EVENT_SPLITS.map(([value, label]) =>
    h(
      "button",
      {
        type: "button",
        class: "tab",
        role: "tab",
        dataset: { by: value },
        onclick: async () => {
          current = value;
          for (const b of buttons) b.setAttribute("aria-selected", String(b.dataset.by === current));
          const study =
            value === "all" ? first : await getJson(`/api/brokers/${encodeURIComponent(id)}/event-study?by=${value}`);
          if (current === value) draw(study);
        },
      },
      label,
    ),
  );
  for (const b of buttons) b.setAttribute("aria-selected", String(b.dataset.by === current));
  const tabs = h("div", { class: "tabs", role: "tablist", id: "event-study-by" }, ...buttons);
  return { node: section("事件研究：入场后累计超额收益", tabs, el, note), draw: () => draw(first) };
}

export async function renderBroker(view, id) {
  const base = `/api/brokers/${encodeURIComponent(id)}`;
  const [d, calls, study, targets] = await Promise.all([
    getJson(base),
    getJson(`${base}/calls`),
    getJson(`${base}/event-study`),
    getJson(`${base}/targets`),
  ]);
  const ratings = await ratingChartSection(id, calls);
  const card = d.scorecard;
  const heat = h("div", { class: "heatmap" });
  const studyEl = h("div", { class: "chart", id: "event-study-chart" });
  const studySection = eventStudySection(id, study, studyEl);
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
    callsSection(id, calls),
    coverageSection(d.coverage),
    ratings.node,
    studySection.node,
    targetsSection(targets),
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
  studySection.draw();
  ratings.draw();
}
