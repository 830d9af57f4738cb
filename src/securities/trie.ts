/**
 * A character trie of folded names, for finding the longest known name that starts at a
 * position of a text (texts whose punctuation or spacing was lost still name securities).
 */
interface Node {
  next: Map<string, Node>;
  terminal: boolean;
}

export class NameTrie {
  private readonly root: Node = { next: new Map(), terminal: false };

  add(key: string): void {
    let node = this.root;
    for (const ch of key) {
      let child = node.next.get(ch);
      if (!child) {
        child = { next: new Map(), terminal: false };
        node.next.set(ch, child);
      }
      node = child;
    }
    if (node !== this.root) node.terminal = true;
  }

  /**
   * Length (in UTF-16 units of `text`) of the longest key matching `text` from `offset`,
   * with each text character folded by `fold` first; 0 when none matches.
   */
  longestAt(text: string, offset: number, fold: (ch: string) => string): number {
    let node: Node | undefined = this.root;
    let best = 0;
    let i = offset;
    while (i < text.length && node) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      i += ch.length;
      for (const f of fold(ch)) {
        node = node.next.get(f);
        if (!node) break;
      }
      if (node?.terminal) best = i - offset;
    }
    return best;
  }
}
