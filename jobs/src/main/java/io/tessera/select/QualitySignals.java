package io.tessera.select;

import java.util.HashSet;
import java.util.Set;

/** Cheap text-quality heuristics the select stage filters on (Gopher-style). */
public final class QualitySignals {
  /** Texts with fewer words have no repetition score. */
  static final int MIN_WORDS_FOR_REPETITION = 20;

  private QualitySignals() {}

  /** Share of non-space characters that are punctuation or symbols. */
  public static double symbolRatio(String text) {
    if (text == null) {
      return 0;
    }
    int visible = 0;
    int symbols = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp)) {
        continue;
      }
      visible++;
      switch (Character.getType(cp)) {
        case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
            Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
            Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
            Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> symbols++;
        default -> { }
      }
    }
    return visible == 0 ? 0 : (double) symbols / visible;
  }

  /** Share of word 3-grams that repeat an earlier one: 0 for varied text, near 1 for "buy now buy now buy now". */
  public static double repetition(String text) {
    if (text == null) {
      return 0;
    }
    String[] words = text.toLowerCase(java.util.Locale.ROOT).split("\\s+");
    if (words.length < MIN_WORDS_FOR_REPETITION) {
      return 0;
    }
    Set<String> seen = new HashSet<>();
    int repeated = 0;
    for (int i = 0; i + 2 < words.length; i++) {
      if (!seen.add(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2])) {
        repeated++;
      }
    }
    return (double) repeated / (words.length - 2);
  }
}
