package io.tessera.tagging;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie.IHit;
import io.tessera.dedup.Shingles;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every occurrence of a set of lower-case keywords in one pass (Aho-Corasick on a double-array trie): keywords in
 * scripts written with spaces only as whole words (no letter on either side), those in Han, kana, Thai, Lao, Khmer,
 * Myanmar and Tibetan anywhere. The gazetteer and the topic lexicons match through it.
 */
final class Automaton<V> {
  /** A keyword found at {@code [start, end)}. */
  interface Hit<V> {
    void at(int start, int end, V value);
  }

  private final AhoCorasickDoubleArrayTrie<V> spaced = new AhoCorasickDoubleArrayTrie<>();
  private final AhoCorasickDoubleArrayTrie<V> unspaced = new AhoCorasickDoubleArrayTrie<>();

  Automaton(Map<String, V> keywords) {
    Map<String, V> spacedKeywords = new TreeMap<>();
    Map<String, V> unspacedKeywords = new TreeMap<>();
    keywords.forEach((key, value) -> (writtenWithoutSpaces(key) ? unspacedKeywords : spacedKeywords).put(key, value));
    spaced.build(spacedKeywords);
    unspaced.build(unspacedKeywords);
  }

  /** Every occurrence in {@code text}, which must be in lower case as the keywords are. */
  void find(String text, Hit<V> hit) {
    IHit<V> whole = (start, end, value) -> {
      if ((start == 0 || !Character.isAlphabetic(text.charAt(start - 1)))
          && (end == text.length() || !Character.isAlphabetic(text.charAt(end)))) {
        hit.at(start, end, value);
      }
    };
    spaced.parseText(text, whole);
    IHit<V> anywhere = hit::at;
    unspaced.parseText(text, anywhere);
  }

  /** Whether a surface is in a script written without spaces between words (matched anywhere, not as a word). */
  static boolean writtenWithoutSpaces(String surface) {
    return surface.codePoints().anyMatch(Shingles::writtenWithoutSpaces);
  }
}
