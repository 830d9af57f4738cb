import type { BrokerRef } from "../domain/types.js";
import { BROKERS, type BrokerIdentity } from "./brokers.js";
import { findIssuers, type IssuerHit } from "./issuers.js";
import type { CompactText } from "./text/compact.js";
import { normalizeText } from "./text/normalize.js";
import { PhraseMatcher } from "./text/phrases.js";

/**
 * Which broker wrote a report, by weight of evidence: the broker's own name in legal form
 * (…股份有限公司), as research institute (…研究所/研究院), as the party a disclaimer names
 * (本报告由…制作, 版权归…所有), its analysts' e-mail domains and SAC prefixes. Each kind of evidence
 * is capped per broker, so another broker cited in a figure source or a related-report list
 * cannot outweigh the author's own footprint.
 *
 * A securities firm printed in those forms but missing from the table is still the report's
 * broker: it is named as printed, with a warning, rather than left unknown.
 */

type Kind = "issuer" | "legal" | "institute" | "name" | "email" | "web" | "sac";

const WEIGHT: Record<Kind, number> = { issuer: 5, legal: 3, institute: 3, name: 1, email: 4, web: 3, sac: 4 };
const CAP: Record<Kind, number> = { issuer: 10, legal: 9, institute: 9, name: 6, email: 12, web: 6, sac: 12 };
/** One legal or institute mention (a cited source, a career line) is not enough on its own. */
const MIN_SCORE = 4;

const LEGAL_SUFFIX = /^(?:证券)?(?:股份有限公司|有限责任公司|有限公司|\(香港\)|Limited|Co\.?,?Ltd)/i;
const INSTITUTE_SUFFIX = /^(?:证券)?(?:研究所|研究院|研究部|研究中心|研究发展中心|研究)/;
/** 上海证券交易所, 中国证券报 …: a name followed by these is not the broker's. */
const NOT_A_BROKER_SUFFIX = /^(?:交易所|报|日报|时报|业协会|登记|投资咨询|市场|监督|从业)/;

interface Tables {
  names: PhraseMatcher<BrokerIdentity>;
  /** Every printed base name (folded), to tell table brokers from new ones. */
  printed: Map<string, BrokerIdentity>;
  domains: PhraseMatcher<{ brokers: BrokerIdentity[]; kind: "email" | "web" }>;
  sac: Map<string, BrokerIdentity[]>;
}

let tables: Tables | null = null;

function fold(printed: string): string {
  return normalizeText(printed).replace(/\s+/g, "");
}

function buildTables(): Tables {
  const names = new PhraseMatcher<BrokerIdentity>();
  const printed = new Map<string, BrokerIdentity>();
  const byDomain = new Map<string, BrokerIdentity[]>();
  const sac = new Map<string, BrokerIdentity[]>();
  for (const broker of BROKERS) {
    for (const p of [broker.name, ...broker.aliases]) {
      names.add(fold(p), broker);
      if (!printed.has(fold(p))) printed.set(fold(p), broker);
    }
    for (const d of broker.domains) byDomain.set(d, [...(byDomain.get(d) ?? []), broker]);
    for (const p of broker.sac) sac.set(p, [...(sac.get(p) ?? []), broker]);
  }
  const domains = new PhraseMatcher<{ brokers: BrokerIdentity[]; kind: "email" | "web" }>();
  for (const [d, brokers] of byDomain) {
    domains.add(`@${d}`, { brokers, kind: "email" });
    domains.add(`.${d}`, { brokers, kind: "web" });
  }
  return { names, printed, domains, sac };
}

interface Tally {
  broker: BrokerIdentity;
  /** True for a broker found only in the text, not in the table. */
  isNew: boolean;
  score: number;
  byKind: Map<Kind, number>;
  evidence: Set<string>;
}

/**
 * Identifies the report's broker. Warnings (a broker missing from the table) are pushed onto
 * `warnings` when given.
 */
export function identifyBroker(ct: CompactText, warnings?: string[]): BrokerRef {
  tables ??= buildTables();
  const t = tables;
  const tallies = new Map<string, Tally>();
  const credit = (broker: BrokerIdentity, kind: Kind, evidence: string, isNew = false): void => {
    let tally = tallies.get(broker.id);
    if (!tally) {
      tally = { broker, isNew, score: 0, byKind: new Map(), evidence: new Set() };
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
    if (NOT_A_BROKER_SUFFIX.test(after)) continue;
    const legal = LEGAL_SUFFIX.exec(after);
    const institute = INSTITUTE_SUFFIX.exec(after);
    if (legal) credit(hit.value, "legal", hit.phrase + legal[0]);
    else if (institute) credit(hit.value, "institute", hit.phrase + institute[0]);
    else credit(hit.value, "name", hit.phrase);
  }

  for (const issuer of findIssuers(text)) creditIssuer(issuer, t, credit);

  const lower = text.toLowerCase();
  for (const hit of t.domains.scan(lower)) {
    for (const broker of hit.value.brokers) credit(broker, hit.value.kind, hit.phrase.slice(1));
  }

  const seenSac = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z\d])S\d{13}/g)) {
    const prefix = m[0].slice(0, 5);
    const brokers = t.sac.get(prefix);
    if (brokers && !seenSac.has(m[0])) {
      seenSac.add(m[0]);
      for (const broker of brokers) credit(broker, "sac", prefix);
    }
  }

  // Licensed analysts whose firm the table does not know are the new firm's, if one is printed.
  const unlisted = [...seenUnlisted(text, t)];
  if (unlisted.length > 0) {
    let lead: Tally | null = null;
    for (const tally of tallies.values()) if (tally.isNew && (!lead || better(tally, lead))) lead = tally;
    if (lead && printedKinds(lead) > 0) for (const prefix of unlisted) credit(lead.broker, "sac", prefix);
  }

  let best: Tally | null = null;
  for (const tally of tallies.values()) {
    // Plain names alone are citations (来源：XX证券，YY证券): the author prints more than its name.
    if (tally.score - (tally.byKind.get("name") ?? 0) === 0) continue;
    if (!best || better(tally, best)) best = tally;
  }
  if (!best || best.score < MIN_SCORE) {
    return { id: "unknown", name: "unknown", en: null, firm: "unknown", evidence: unknownEvidence(text, lower) };
  }
  const evidence = [...best.evidence];
  if (best.isNew) {
    for (const e of unlistedEvidence(text, lower, t)) if (evidence.length < 14) evidence.push(e);
    warnings?.push(`broker ${best.broker.name} is not in the broker table (evidence: ${evidence.join(", ")})`);
    return { id: best.broker.id, name: best.broker.name, en: null, firm: best.broker.firm, evidence };
  }
  return { id: best.broker.id, name: best.broker.name, en: best.broker.en, firm: best.broker.firm, evidence };
}

/**
 * A securities firm printed in an issuer form: a table broker's name credits that broker (in
 * the disclaimer it counts as the issuer); a name the table lacks becomes a broker of its own.
 */
function creditIssuer(
  issuer: IssuerHit,
  t: Tables,
  credit: (broker: BrokerIdentity, kind: Kind, evidence: string, isNew?: boolean) => void,
): void {
  const known = knownAs(issuer, t);
  if (known) {
    // Legal and institute forms of table names were counted by the name scan already.
    if (issuer.kind === "issuer") credit(known, "issuer", issuer.evidence);
    return;
  }
  credit(newBroker(issuer.name), issuer.kind, issuer.evidence, true);
}

/**
 * The table broker an issuer name is, also when a word glued on its left survived (报告由国元证券
 * read as 告由国元证券 is not a new firm): up to two leading characters are dropped.
 */
function knownAs(issuer: IssuerHit, t: Tables): BrokerIdentity | undefined {
  for (let drop = 0; drop <= 2 && issuer.core.length - drop >= 2; drop++) {
    const known = t.printed.get(issuer.name.slice(drop)) ?? t.printed.get(issuer.core.slice(drop));
    if (known) return known;
  }
  return undefined;
}

const newBrokers = new Map<string, BrokerIdentity>();

/** The identity of a broker the table lacks: its id is derived from the printed name alone. */
function newBroker(name: string): BrokerIdentity {
  let broker = newBrokers.get(name);
  if (!broker) {
    const id = `new-${name}`;
    broker = { id, name, en: "", aliases: [], domains: [], sac: [], firm: id };
    newBrokers.set(name, broker);
  }
  return broker;
}

function better(a: Tally, b: Tally): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (strongKinds(a) !== strongKinds(b)) return strongKinds(a) > strongKinds(b);
  if (printedKinds(a) !== printedKinds(b)) return printedKinds(a) > printedKinds(b);
  // A former name and the current one sharing every piece of evidence: the current one.
  const aCurrent = a.broker.firm === a.broker.id;
  const bCurrent = b.broker.firm === b.broker.id;
  if (aCurrent !== bCurrent) return aCurrent;
  return a.broker.id < b.broker.id;
}

/** Domains and SAC numbers are harder to cite by accident than names. */
function strongKinds(t: Tally): number {
  return (t.byKind.get("email") ?? 0) + (t.byKind.get("sac") ?? 0) + (t.byKind.get("web") ?? 0);
}

function printedKinds(t: Tally): number {
  return (t.byKind.get("issuer") ?? 0) + (t.byKind.get("legal") ?? 0) + (t.byKind.get("institute") ?? 0);
}

/** SAC numbers (one entry each, as their prefix) whose prefix no table broker has. */
function* seenUnlisted(text: string, t: Tables): Generator<string> {
  const seen = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z\d])S\d{13}/g)) {
    if (seen.has(m[0]) || t.sac.has(m[0].slice(0, 5))) continue;
    seen.add(m[0]);
    yield m[0].slice(0, 5);
  }
}

/** E-mail domains and SAC prefixes the table does not know: what a person adds to the table. */
function unlistedEvidence(text: string, lower: string, t: Tables): string[] {
  const out = new Set<string>();
  for (const m of lower.matchAll(/@([a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|hk|org))/g)) {
    if (!t.domains.find(`@${m[1]}`)) out.add(`@${m[1]}`);
    if (out.size >= 3) break;
  }
  for (const m of text.matchAll(/(?<![A-Za-z\d])S\d{13}/g)) {
    const prefix = m[0].slice(0, 5);
    if (!t.sac.has(prefix)) out.add(prefix);
    if (out.size >= 5) break;
  }
  return [...out];
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
