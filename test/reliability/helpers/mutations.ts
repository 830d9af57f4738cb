import { Rng } from "../../../bench/lib/rng.js";

/**
 * Seeded mutations of report texts for the extraction fuzz suite. Case i of a seed is always
 * the same text, so a failure is reproduced from (seed, case) alone.
 */

export interface Mutation {
  kind: string;
  text: string;
}

const HOSTILE = [
  "' OR '1'='1",
  "'; DROP TABLE picks; --",
  "<script>alert(1)</script>",
  "\u202e推荐\u202c",
  "\u0000\u0000",
  "𠀀𠀁🚀💥",
  "%00%FF",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile string, not a template
  "${process.exit(1)}",
  "推荐（",
  "建议关注：",
  "投资评级说明",
  "买入：",
  "S0790520080001",
  "2024年13月45日",
];

function randomCodeUnits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x10000));
  return s;
}

function randomBytesText(rng: Rng, n: number): string {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
  return rng.chance(0.5) ? bytes.toString("utf8") : bytes.toString("latin1");
}

function at(rng: Rng, text: string): number {
  return rng.int(text.length + 1);
}

/** A line of the text that carries picks (a stance word), or the middle line. */
function pickLine(text: string): string {
  const lines = text.split("\n");
  return lines.find((l) => /推荐|建议关注|受益标的/.test(l) && l.length < 400) ?? lines[lines.length >> 1] ?? text;
}

type Make = (rng: Rng, base: string, other: string) => string;

const MAKERS: ReadonlyArray<readonly [string, number, Make]> = [
  ["truncated", 10, (r, t) => t.slice(0, r.int(t.length))],
  ["head cut", 5, (r, t) => t.slice(r.int(t.length))],
  ["lines shuffled", 10, (r, t) => r.shuffle(t.split("\n")).join("\n")],
  [
    "random bytes inserted",
    10,
    (r, t) => {
      let s = t;
      for (let k = r.between(1, 20); k > 0; k--) {
        const i = at(r, s);
        s = s.slice(0, i) + randomBytesText(r, r.between(1, 300)) + s.slice(i);
      }
      return s;
    },
  ],
  [
    "code units replaced",
    10,
    (r, t) => {
      const a = t.split("");
      for (let k = r.between(1, Math.max(2, a.length >> 4)); k > 0; k--) a[r.int(a.length)] = randomCodeUnits(r, 1);
      return a.join("");
    },
  ],
  [
    "spans deleted",
    8,
    (r, t) => {
      let s = t;
      for (let k = r.between(1, 10); k > 0; k--) {
        const i = r.int(s.length);
        s = s.slice(0, i) + s.slice(i + r.between(1, 2000));
      }
      return s;
    },
  ],
  [
    "spans repeated",
    6,
    (r, t) => {
      const i = r.int(t.length);
      const piece = t.slice(i, i + r.between(1, 500));
      return t.slice(0, i) + piece.repeat(r.between(2, 200)) + t.slice(i);
    },
  ],
  ["two reports spliced", 6, (r, t, o) => t.slice(0, r.int(t.length)) + o.slice(r.int(o.length))],
  ["white space removed", 4, (_r, t) => t.replace(/\s+/g, "")],
  ["line breaks removed", 3, (_r, t) => t.replace(/\n/g, "")],
  ["digits scrambled", 6, (r, t) => t.replace(/\d/g, () => String(r.int(10)))],
  [
    "punctuation swapped",
    4,
    (_r, t) =>
      t.replace(
        /[，。：；（）、]/g,
        (c) => ({ "，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "、": "," })[c] ?? c,
      ),
  ],
  [
    "hostile strings injected",
    8,
    (r, t) => {
      let s = t;
      for (let k = r.between(1, 30); k > 0; k--) {
        const i = at(r, s);
        s = s.slice(0, i) + r.pick(HOSTILE) + s.slice(i);
      }
      return s;
    },
  ],
  ["random bytes only", 4, (r) => randomBytesText(r, r.between(0, 100_000))],
  ["random code units only", 3, (r) => randomCodeUnits(r, r.between(0, 50_000))],
  ["pick line alone", 3, (_r, t) => pickLine(t)],
  ["empty or blank", 1, (r) => r.pick(["", " ", "\n\n\n", "\u3000\u3000", "\ufeff"])],
  [
    "rating section first",
    2,
    (_r, t) => {
      const i = t.search(/投资评级说明|评级说明|评级定义|分析师声明/);
      return i < 0 ? t : t.slice(i) + t.slice(0, i);
    },
  ],
  [
    "every line doubled",
    2,
    (_r, t) =>
      t
        .split("\n")
        .flatMap((l) => [l, l])
        .join("\n"),
  ],
];

const TOTAL_WEIGHT = MAKERS.reduce((a, [, w]) => a + w, 0);

/** Case `index` of `seed`: a seed report mutated by one drawn mutation. */
export function mutation(seed: number, index: number, bases: readonly string[]): Mutation {
  const rng = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const base = rng.pick(bases);
  const other = rng.pick(bases);
  let roll = rng.int(TOTAL_WEIGHT);
  for (const [kind, weight, make] of MAKERS) {
    if (roll < weight) return { kind, text: make(rng, base, other) };
    roll -= weight;
  }
  throw new Error("unreachable: weights add up");
}

/** The worst cases the issue names, added to the drawn ones. */
export function worstCases(bases: readonly string[]): Mutation[] {
  const first = bases[0] ?? "";
  const line = pickLine(first);
  let big = "";
  while (big.length < 5 * 1024 * 1024) big += bases.join("\n");
  return [
    { kind: "a pick list repeated 10,000 times", text: line.repeat(10_000) },
    { kind: "a 5 MB report", text: big.slice(0, 5 * 1024 * 1024) },
    { kind: "5 MB of random bytes", text: randomBytesText(new Rng(5), 5 * 1024 * 1024) },
    { kind: "a report with its pick list repeated 10,000 times", text: first.replace(line, line.repeat(10_000)) },
  ];
}
