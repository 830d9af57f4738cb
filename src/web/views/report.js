import { getJson } from "../api.js";
import { h, section, table } from "../dom.js";
import {
  borrowedScaleText,
  brokerName,
  horizonText,
  pct,
  pickState,
  reportTitle,
  STANCE,
  signClass,
  warningText,
} from "../format.js";
import { ACTION_TARGET_COLUMNS, verdictBadge } from "./picks.js";

/** The report text with each pick's name wrapped in a mark; text stays text (no HTML is parsed). */
function highlightedText(text, spans, selected) {
  const pre = h("div", { class: "report-text" });
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let at = 0;
  for (const s of ordered) {
    if (s.start < at || s.end <= s.start || s.end > text.length) continue;
    pre.append(text.slice(at, s.start));
    pre.append(
      h(
        "a",
        {
          class: `mark stance-${s.stance}${s.pickId === selected ? " selected" : ""}`,
          href: `#/picks/${s.pickId}`,
          id: `span-${s.pickId}`,
          title: `${STANCE[s.stance] ?? s.stance}${s.rating ? ` · ${s.rating}` : ""}${s.symbol ? ` · ${s.symbol}` : ""}`,
        },
        text.slice(s.start, s.end),
      ),
    );
    at = s.end;
  }
  pre.append(text.slice(at));
  return pre;
}

/** When the report's picks are judged by a scale borrowed from another report of the broker: which one. */
function borrowedScaleNote(picks) {
  const source = picks.find((p) => p.scaleSource?.kind === "borrowed")?.scaleSource;
  if (!source) return null;
  return h(
    "p",
    { class: "card muted", id: "scale-source" },
    "本报告没有可用的个股评级说明，其荐股按本券商 12 个月内最近一篇研报所印的评级说明评估：",
    h("a", { href: `#/reports/${source.reportId}` }, borrowedScaleText(source)),
  );
}

export async function renderReport(view, id, params) {
  const r = await getJson(`/api/reports/${encodeURIComponent(id)}`);
  const selected = Number(params.get("pick") ?? 0) || null;
  const stock = r.scales.stock;
  view.replaceChildren(
    h(
      "div",
      { class: "intro" },
      h(
        "p",
        { class: "crumbs" },
        h("a", { href: `#/brokers/${encodeURIComponent(r.broker.id)}` }, brokerName(r.broker)),
      ),
      h("h1", { class: "report-title" }, reportTitle(r)),
      h(
        "p",
        { class: "muted" },
        `${r.reportDate ?? "无日期"}${r.dateKind === "inferred" ? "（推断）" : ""}`,
        r.sector ? ` · ${r.sector}` : "",
        r.industryRating ? ` · 行业评级 ${r.industryRating}${r.industryAction ? `（${r.industryAction}）` : ""}` : "",
        r.analysts.length ? ` · ${r.analysts.map((a) => a.name).join("、")}` : "",
      ),
      r.dateKind === "inferred" && r.dateEvidence
        ? h("p", { class: "muted small" }, `日期依据：${r.dateEvidence}`)
        : null,
      r.warnings.length
        ? h(
            "ul",
            { class: "warnings" },
            r.warnings.map((w) => h("li", null, warningText(w))),
          )
        : null,
    ),
    section(
      r.picksTotal > r.picks.length
        ? `荐股（${r.picksTotal}，显示前 ${r.picks.length} 只）`
        : `荐股（${r.picksTotal}）`,
      h(
        "p",
        { class: "legend small" },
        h("span", { class: "mark stance-recommend" }, "推荐"),
        " ",
        h("span", { class: "mark stance-watch" }, "关注"),
        " ",
        h("span", { class: "mark stance-beneficiary" }, "受益"),
      ),
      table(
        [
          {
            label: "股票",
            cell: (p) =>
              h(
                "a",
                { href: `#/picks/${p.id}` },
                p.securityName ?? p.name,
                p.code ? h("span", { class: "code" }, p.code) : null,
              ),
          },
          { label: "立场", cell: (p) => STANCE[p.stance] ?? p.stance },
          { label: "评级", cell: (p) => p.rating ?? "—" },
          ...ACTION_TARGET_COLUMNS,
          {
            label: "至今超额",
            class: "num",
            cell: (p) => h("span", { class: signClass(p.toDate?.excess) }, pct(p.toDate?.excess)),
          },
          {
            label: "结论",
            cell: (p) => {
              const state = pickState(p);
              return [
                verdictBadge(p),
                state
                  ? h("span", { class: "tag warn pick-state", dataset: { state: state.code } }, state.message)
                  : null,
              ];
            },
          },
        ],
        r.picks,
      ),
    ),
    stock
      ? section(
          "本报告印刷的个股评级说明",
          stock.parsed
            ? h(
                "p",
                null,
                stock.labels
                  .map(
                    (l) =>
                      `${l.label} ${l.min === null && l.max === null ? "（定性）" : `${l.min ?? "−∞"}% ~ ${l.max ?? "+∞"}%`}`,
                  )
                  .join("；"),
                stock.horizonMonths ? `；期限 ${horizonText(stock.horizonMonths)}` : "",
              )
            : h("pre", { class: "raw" }, stock.raw),
        )
      : section(
          "评级说明",
          h("p", { class: "muted" }, r.scales.found ? "评级说明未能解析；原文保留。" : "本报告未印评级说明。"),
        ),
    borrowedScaleNote(r.picks),
    section("原文", highlightedText(r.text, r.spans, selected)),
  );
  if (selected) document.getElementById(`span-${selected}`)?.scrollIntoView({ block: "center" });
}
