package io.tessera.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
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
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalize(text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
