/**
 * A trie of literal phrases for finding many words at once in linear time: at each position it
 * walks at most the longest phrase's length, so a 5 MB text costs a few million map look-ups
 * whatever the number of phrases (one regex alternation of hundreds of words backtracks instead).
 */
interface Node<V> {
  next: Map<number, Node<V>>;
  value: V | undefined;
  phrase: string | undefined;
}

export interface PhraseHit<V> {
  phrase: string;
  value: V;
  start: number;
  end: number;
}

export class PhraseMatcher<V> {
  private readonly root: Node<V> = { next: new Map(), value: undefined, phrase: undefined };
  /** First code units of all phrases: most positions are rejected with one array read. */
  private readonly firstCodes = new Uint8Array(0x10000);
  private readonly all: string[] = [];

  constructor(entries: Iterable<readonly [string, V]> = []) {
    for (const [p, v] of entries) this.add(p, v);
  }

  /** Adds a phrase; a phrase added twice keeps its first value. */
  add(phrase: string, value: V): this {
    if (phrase.length === 0) return this;
    let node = this.root;
    for (let i = 0; i < phrase.length; i++) {
      const c = phrase.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map(), value: undefined, phrase: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    if (node.phrase === undefined) {
      node.phrase = phrase;
      node.value = value;
      this.all.push(phrase);
    }
    this.firstCodes[phrase.charCodeAt(0)] = 1;
    return this;
  }

  /** Every phrase added, in the order added. */
  phrases(): readonly string[] {
    return this.all;
  }

  /** The longest phrase starting at `i`, or null. */
  longestAt(text: string, i: number): PhraseHit<V> | null {
    if (this.firstCodes[text.charCodeAt(i)] !== 1) return null;
    let node: Node<V> | undefined = this.root;
    let best: PhraseHit<V> | null = null;
    for (let j = i; j < text.length && node; j++) {
      node = node.next.get(text.charCodeAt(j));
      if (node?.phrase !== undefined) {
        best = { phrase: node.phrase, value: node.value as V, start: i, end: j + 1 };
      }
    }
    return best;
  }

  /** Non-overlapping longest matches in [from, to), left to right. */
  *scan(text: string, from = 0, to = text.length): Generator<PhraseHit<V>> {
    let i = from;
    while (i < to) {
      const hit = this.longestAt(text, i);
      if (hit && hit.end <= to) {
        yield hit;
        i = hit.end;
      } else {
        i++;
      }
    }
  }

  /** The first match in [from, to), or null. */
  find(text: string, from = 0, to = text.length): PhraseHit<V> | null {
    for (const hit of this.scan(text, from, to)) return hit;
    return null;
  }
}
