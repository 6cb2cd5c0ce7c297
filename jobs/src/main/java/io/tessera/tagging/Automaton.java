package io.tessera.tagging;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie.IHit;
import io.tessera.dedup.Shingles;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every occurrence of a set of lower-case keywords in one pass per script (Aho-Corasick on double-array tries):
 * keywords in scripts written with spaces only as whole words (no letter on either side), those in Han, kana, Thai,
 * Lao, Khmer, Myanmar and Tibetan anywhere. The gazetteer and the topic lexicons match through it.
 *
 * <p>One trie per script of a keyword's first letter: a double array packs one alphabet well and several badly
 * (the gazetteer's keywords build about ten times faster apart: docs/performance.md), and a text is only searched
 * with the tries of the scripts it is written in.
 */
final class Automaton<V> {
  /** A keyword found at {@code [start, end)}. */
  interface Hit<V> {
    void at(int start, int end, V value);
  }

  private final Map<UnicodeScript, AhoCorasickDoubleArrayTrie<V>> spaced = new EnumMap<>(UnicodeScript.class);
  private final Map<UnicodeScript, AhoCorasickDoubleArrayTrie<V>> unspaced = new EnumMap<>(UnicodeScript.class);

  Automaton(Map<String, V> keywords) {
    Map<UnicodeScript, Map<String, V>> spacedKeywords = new EnumMap<>(UnicodeScript.class);
    Map<UnicodeScript, Map<String, V>> unspacedKeywords = new EnumMap<>(UnicodeScript.class);
    keywords.forEach((key, value) -> (writtenWithoutSpaces(key) ? unspacedKeywords : spacedKeywords)
        .computeIfAbsent(script(key), s -> new TreeMap<>()).put(key, value));
    spacedKeywords.forEach((script, keys) -> spaced.put(script, trie(keys)));
    unspacedKeywords.forEach((script, keys) -> unspaced.put(script, trie(keys)));
  }

  private static <V> AhoCorasickDoubleArrayTrie<V> trie(Map<String, V> keywords) {
    AhoCorasickDoubleArrayTrie<V> trie = new AhoCorasickDoubleArrayTrie<>();
    trie.build(keywords);
    return trie;
  }

  /** Every occurrence in {@code text}, which must be in lower case as the keywords are. */
  void find(String text, Hit<V> hit) {
    IHit<V> whole = (start, end, value) -> {
      if ((start == 0 || !Character.isAlphabetic(text.charAt(start - 1)))
          && (end == text.length() || !Character.isAlphabetic(text.charAt(end)))) {
        hit.at(start, end, value);
      }
    };
    IHit<V> anywhere = hit::at;
    for (UnicodeScript script : scripts(text)) {
      AhoCorasickDoubleArrayTrie<V> words = spaced.get(script);
      if (words != null) {
        words.parseText(text, whole);
      }
      AhoCorasickDoubleArrayTrie<V> characters = unspaced.get(script);
      if (characters != null) {
        characters.parseText(text, anywhere);
      }
    }
  }

  /** The scripts of a text's letters, and COMMON (keywords that start with no letter). */
  private static Set<UnicodeScript> scripts(String text) {
    Set<UnicodeScript> scripts = EnumSet.of(UnicodeScript.COMMON);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.isLetter(cp)) {
        scripts.add(cp < 0x250 ? UnicodeScript.LATIN : UnicodeScript.of(cp));
      }
      i += Character.charCount(cp);
    }
    return scripts;
  }

  /** The script of a keyword's first letter. */
  private static UnicodeScript script(String keyword) {
    return keyword.codePoints().filter(Character::isLetter).mapToObj(UnicodeScript::of).findFirst()
        .orElse(UnicodeScript.COMMON);
  }

  /** Whether a surface is in a script written without spaces between words (matched anywhere, not as a word). */
  private static boolean writtenWithoutSpaces(String surface) {
    return surface.codePoints().anyMatch(Shingles::writtenWithoutSpaces);
  }
}
