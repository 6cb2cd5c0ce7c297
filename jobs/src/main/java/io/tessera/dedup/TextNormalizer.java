package io.tessera.dedup;

import io.tessera.pipeline.Hashes;
import java.text.Normalizer;
import java.util.Locale;

/** The text form exact dedup compares: NFKC, case-folded, punctuation and symbols removed, whitespace collapsed. */
public final class TextNormalizer {

  private TextNormalizer() {}

  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    // One pass instead of two regular expressions: punctuation, symbols and spaces become one space.
    StringBuilder out = new StringBuilder(folded.length());
    boolean pendingSpace = false;
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      if (separates(cp)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /** Unicode punctuation, symbols, separators and white space; ASCII anything but letters and digits. */
  private static boolean separates(int cp) {
    if (cp < 0x80) {
      return !Character.isLetterOrDigit(cp);
    }
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL, Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
        return true;
      }
      default -> {
        return cp == 0x85;
      }
    }
  }

  /** Hex of the first 128 bits of SHA-256 over the normalised text. */
  public static String exactHash(String text) {
    return Hashes.sha256Hex(16, normalize(text));
  }

}
