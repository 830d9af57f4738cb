import { getJson } from "./api.js";
import { disposeCharts } from "./charts.js";
import { h } from "./dom.js";
import { renderBroker } from "./views/broker.js";
import { renderOverview } from "./views/overview.js";
import { renderPick } from "./views/pick.js";
import { renderPicks } from "./views/picks.js";
import { renderReport } from "./views/report.js";
import { renderSecurity } from "./views/security.js";

const view = document.getElementById("view");
const COLOR_KEY = "brokerpicks.colors";

/** Chinese market colours (red up, green down) by default; the switch flips them and is remembered. */
function applyColors(scheme) {
  document.body.classList.toggle("colors-cn", scheme === "cn");
  document.body.classList.toggle("colors-intl", scheme === "intl");
  const button = document.getElementById("color-switch");
  button.textContent = scheme === "cn" ? "红涨绿跌" : "绿涨红跌";
  button.setAttribute("aria-pressed", String(scheme === "intl"));
}

function setupColors() {
  let scheme = localStorage.getItem(COLOR_KEY) === "intl" ? "intl" : "cn";
  applyColors(scheme);
  document.getElementById("color-switch").addEventListener("click", () => {
    scheme = scheme === "cn" ? "intl" : "cn";
    localStorage.setItem(COLOR_KEY, scheme);
    applyColors(scheme);
    route();
  });
}

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, qs] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs ?? "") };
}

function markNav(name) {
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === name);
}

function showAsOf(asOf) {
  document.getElementById("as-of").textContent = `数据截至 A股 ${asOf.A ?? "—"} · 港股 ${asOf.HK ?? "—"}`;
}

let generation = 0;

async function route() {
  const mine = ++generation;
  disposeCharts();
  const { parts, params } = parseHash();
  const target = h("div", { class: "page" }, h("p", { class: "loading" }, "加载中…"));
  view.replaceChildren(target);
  try {
    const [head, id] = parts;
    if (!head) {
      markNav("overview");
      const dash = await renderOverview(target);
      showAsOf(dash.asOf);
    } else if (head === "brokers" && id) {
      markNav("overview");
      await renderBroker(target, id);
    } else if (head === "picks" && id) {
      markNav("picks");
      await renderPick(target, id);
    } else if (head === "picks") {
      markNav("picks");
      await renderPicks(target, params);
    } else if (head === "securities" && id) {
      markNav("");
      await renderSecurity(target, id);
    } else if (head === "reports" && id) {
      markNav("");
      await renderReport(target, id, params);
    } else {
      target.append(h("p", { class: "error" }, "没有这个页面。"), h("a", { href: "#/" }, "返回总览"));
    }
  } catch (err) {
    disposeCharts();
    target.replaceChildren(h("p", { class: "error" }, `加载失败：${err.message}`), h("a", { href: "#/" }, "返回总览"));
  }
  if (mine !== generation) return;
  document.body.dataset.ready = parts.join("/") || "overview";
}

setupColors();
getJson("/api/health")
  .then((health) => showAsOf(health.latestBarDate))
  .catch(() => {});
window.addEventListener("hashchange", route);
route();
