import { h, section, table } from "../dom.js";
import { pct, signClass } from "../format.js";
import { hitRateCell } from "./overview.js";

const VIEW = { calls: "按观点", picks: "按研报荐股" };
const UNIT = { calls: "个观点", picks: "只荐股" };

function meanExcess(g) {
  const m = g.meanExcessAtVerdict;
  if (m.n === 0) return h("span", { class: "muted" }, "—");
  return [h("span", { class: signClass(m.mean) }, pct(m.mean)), h("span", { class: "muted small" }, ` N=${m.n}`)];
}

/**
 * First coverage (首次) against reiterations and later calls, per call and per report pick: the
 * hit rate with its interval clustered by report, the judged N and its reports, the mean excess.
 */
export function coverageSection(coverage) {
  const rows = [
    { view: "calls", key: "firstCoverage", label: "首次覆盖", g: coverage.perCall.firstCoverage },
    { view: "calls", key: "laterCalls", label: "后续观点（评级变更或到期后重新开启）", g: coverage.perCall.laterCalls },
    { view: "picks", key: "firstCoverage", label: "首次覆盖", g: coverage.perPick.firstCoverage },
    { view: "picks", key: "reiteration", label: "维持", g: coverage.perPick.reiteration },
    { view: "picks", key: "other", label: "其他（后续观点的开启研报，或未形成观点）", g: coverage.perPick.other },
  ];
  return section(
    "首次覆盖与维持及后续",
    h(
      "p",
      { class: "muted small" },
      "按观点：每个已判定观点计一次，按开启观点的研报归组；按研报荐股：每只已判定荐股计一次，按其在观点中的角色归组。命中率的 95% 区间按研报聚类；平均超额为判定时的超额收益（荐股在其判定检查点，观点在其结束时）。",
    ),
    table(
      [
        { label: "口径", class: "coverage-view", cell: (r) => VIEW[r.view] },
        { label: "分组", class: "coverage-group", cell: (r) => r.label },
        { label: "命中率 [95%区间（按研报聚类）] N", class: "coverage-rate", cell: (r) => hitRateCell(r.g) },
        { label: "已判定", class: "num coverage-n", cell: (r) => `${r.g.count} / ${r.g.n} ${UNIT[r.view]}` },
        { label: "研报", class: "num coverage-reports", cell: (r) => `${r.g.reports} 份` },
        { label: "判定时平均超额", class: "num coverage-excess", cell: (r) => meanExcess(r.g) },
      ],
      rows,
      { class: "data coverage", rowData: (r) => ({ view: r.view, group: r.key }) },
    ),
  );
}
