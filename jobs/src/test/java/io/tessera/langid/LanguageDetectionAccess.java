package io.tessera.langid;

/** Lets the benchmarks ask which languages Lingua knows. */
public final class LanguageDetectionAccess {
  private LanguageDetectionAccess() {}

  public static boolean knows(String code) {
    return LanguageDetection.byCode(code) != null;
  }
}
