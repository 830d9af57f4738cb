import type { BrokerRef } from "../domain/types.js";
import { BROKERS, type BrokerIdentity } from "./brokers.js";
import type { CompactText } from "./text/compact.js";
import { normalizeText } from "./text/normalize.js";
import { PhraseMatcher } from "./text/phrases.js";

/**
 * Which broker wrote a report, by weight of evidence: the broker's own name in legal form
 * (…股份有限公司) and as research institute (…研究所/研究院), its analysts' e-mail domains and SAC
 * prefixes. Each kind of evidence is capped per broker, so another broker cited in a figure
 * source or a related-report list cannot outweigh the author's own footprint.
 */

type Kind = "legal" | "institute" | "name" | "email" | "web" | "sac";

const WEIGHT: Record<Kind, number> = { legal: 3, institute: 3, name: 1, email: 4, web: 3, sac: 4 };
const CAP: Record<Kind, number> = { legal: 9, institute: 9, name: 6, email: 12, web: 6, sac: 12 };
const MIN_SCORE = 3;

const LEGAL_SUFFIX = /^(?:股份有限公司|有限责任公司|有限公司|\(香港\)|Limited|Co\.?,?Ltd)/i;
const INSTITUTE_SUFFIX = /^(?:研究所|研究院|研究部|研究中心|研究发展中心|研究)/;

interface Tables {
  names: PhraseMatcher<BrokerIdentity>;
  domains: PhraseMatcher<{ broker: BrokerIdentity; kind: "email" | "web" }>;
  sac: Map<string, BrokerIdentity>;
}

let tables: Tables | null = null;

function buildTables(): Tables {
  const names = new PhraseMatcher<BrokerIdentity>();
  const domains = new PhraseMatcher<{ broker: BrokerIdentity; kind: "email" | "web" }>();
  const sac = new Map<string, BrokerIdentity>();
  for (const broker of BROKERS) {
    for (const printed of [broker.name, ...broker.aliases]) {
      names.add(normalizeText(printed).replace(/\s+/g, ""), broker);
    }
    for (const d of broker.domains) {
      domains.add(`@${d}`, { broker, kind: "email" });
      domains.add(`.${d}`, { broker, kind: "web" });
    }
    for (const p of broker.sac) sac.set(p, broker);
  }
  return { names, domains, sac };
}

interface Tally {
  broker: BrokerIdentity;
  score: number;
  byKind: Map<Kind, number>;
  evidence: Set<string>;
}

export function identifyBroker(ct: CompactText): BrokerRef {
  tables ??= buildTables();
  const t = tables;
  const tallies = new Map<string, Tally>();
  const credit = (broker: BrokerIdentity, kind: Kind, evidence: string): void => {
    let tally = tallies.get(broker.id);
    if (!tally) {
      tally = { broker, score: 0, byKind: new Map(), evidence: new Set() };
      tallies.set(broker.id, tally);
    }
    const used = tally.byKind.get(kind) ?? 0;
    if (used + WEIGHT[kind] > CAP[kind]) return;
    tally.byKind.set(kind, used + WEIGHT[kind]);
    tally.score += WEIGHT[kind];
    if (tally.evidence.size < 12) tally.evidence.add(evidence);
  };

  const text = ct.text;
  for (const hit of t.names.scan(text)) {
    const after = text.slice(hit.end, hit.end + 8);
    const legal = LEGAL_SUFFIX.exec(after);
    const institute = INSTITUTE_SUFFIX.exec(after);
    if (legal) credit(hit.value, "legal", hit.phrase + legal[0]);
    else if (institute) credit(hit.value, "institute", hit.phrase + institute[0]);
    else credit(hit.value, "name", hit.phrase);
  }

  const lower = text.toLowerCase();
  for (const hit of t.domains.scan(lower)) {
    credit(hit.value.broker, hit.value.kind, hit.phrase.slice(1));
  }

  const seenSac = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z\d])S\d{13}/g)) {
    const prefix = m[0].slice(0, 5);
    const broker = t.sac.get(prefix);
    if (broker && !seenSac.has(m[0])) {
      seenSac.add(m[0]);
      credit(broker, "sac", prefix);
    }
  }

  let best: Tally | null = null;
  for (const tally of tallies.values()) {
    if (!best || tally.score > best.score || (tally.score === best.score && strongKinds(tally) > strongKinds(best))) {
      best = tally;
    }
  }
  if (best && best.score >= MIN_SCORE) {
    return { id: best.broker.id, name: best.broker.name, en: best.broker.en, evidence: [...best.evidence] };
  }
  return { id: "unknown", name: "unknown", en: null, evidence: unknownEvidence(text, lower) };
}

/** Domains and SAC numbers are harder to cite by accident than names. */
function strongKinds(t: Tally): number {
  return (t.byKind.get("email") ?? 0) + (t.byKind.get("sac") ?? 0) + (t.byKind.get("web") ?? 0);
}

/** What an unrecognised report shows about its author, for a person to add it to the table. */
function unknownEvidence(text: string, lower: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(
    /[\u4e00-\u9fa5]{2,6}(?:证券|国际|资本|期货)(?:股份有限公司|有限公司|研究所|研究院)?/g,
  )) {
    out.add(m[0]);
    if (out.size >= 6) break;
  }
  for (const m of lower.matchAll(/@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/g)) {
    out.add(`@${m[1]}`);
    if (out.size >= 10) break;
  }
  for (const m of text.matchAll(/(?<![A-Za-z\d])S\d{13}/g)) {
    out.add(m[0].slice(0, 5));
    if (out.size >= 14) break;
  }
  return [...out];
}
