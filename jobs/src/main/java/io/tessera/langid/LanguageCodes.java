package io.tessera.langid;

import java.util.Locale;
import java.util.Map;

/** Normalises the language codes sources declare to a BCP 47 primary language subtag. */
public final class LanguageCodes {
  public static final String UNDETERMINED = "und";
  /** Deprecated ISO 639 codes still written by some sources (Twitter writes "in" for Indonesian). */
  private static final Map<String, String> DEPRECATED = Map.of("in", "id", "iw", "he", "ji", "yi", "jw", "jv", "mo", "ro");

  private LanguageCodes() {}

  /** The primary subtag, lower case, modern code; null for empty, undetermined or malformed values. */
  public static String normalize(String declared) {
    if (declared == null) {
      return null;
    }
    String primary = declared.trim().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    if (!primary.matches("[a-z]{2,3}") || primary.equals(UNDETERMINED) || primary.equals("zxx")) {
      return null;
    }
    return DEPRECATED.getOrDefault(primary, primary);
  }
}
