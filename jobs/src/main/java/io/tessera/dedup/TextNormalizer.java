package io.tessera.dedup;

import io.tessera.pipeline.Hashes;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The text form exact dedup compares: NFKC, case-folded, punctuation and symbols removed, whitespace collapsed. */
public final class TextNormalizer {
  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]+");
  private static final Pattern SPACE = Pattern.compile("[\\s\\p{Z}]+");

  private TextNormalizer() {}

  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    folded = PUNCTUATION.matcher(folded).replaceAll(" ");
    return SPACE.matcher(folded).replaceAll(" ").trim();
  }

  /** Hex of the first 128 bits of SHA-256 over the normalised text. */
  public static String exactHash(String text) {
    return Hashes.sha256Hex(16, normalize(text));
  }

}
