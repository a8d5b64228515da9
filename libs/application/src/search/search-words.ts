/** The longest search text taken, in characters (a server name is at most 200). */
export const SEARCH_TEXT_MAX_LENGTH = 200;

/**
 * A word: a run of letters, digits, combining marks and private-use characters, which is what the
 * SQLite index's `unicode61` tokenizer keeps together (its default token classes) and what the
 * MongoDB search fields are split into. Everything else separates words and is never search syntax.
 */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
/** Marks alone make no word (the tokenizer drops them). */
const HAS_BASE = /[\p{L}\p{N}\p{Co}]/u;

/**
 * The words of a search text, in order, each once (compared case-insensitively). `acme/weather-mcp`
 * is `acme`, `weather`, `mcp`; text of punctuation only has none.
 */
export function searchWords(text: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    const folded = word.toLowerCase();
    if (!HAS_BASE.test(word) || seen.has(folded)) continue;
    seen.add(folded);
    words.push(word);
  }
  return words;
}

/**
 * A field's text as the words a search compares, space-separated (every one, in order): what the
 * MongoDB read model indexes, so that its text index splits text where the SQLite index does.
 */
export function indexedText(text: string): string {
  return Array.from(text.matchAll(WORD), ([word]) => word)
    .filter((word) => HAS_BASE.test(word))
    .join(' ');
}
