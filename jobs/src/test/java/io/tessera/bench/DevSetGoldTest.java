package io.tessera.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The multilingual mention set's gold file holds what issue #18 asks of it (the texts themselves are fetched). */
class DevSetGoldTest {
  private static final List<String> REQUIRED = List.of("ko", "ja", "zh", "th", "fa", "ar", "he", "hi", "bn", "am",
      "sw", "ha", "id", "fi", "hu", "el", "ru", "pl");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  @Test
  void everyLanguageHasTwentyTextsWithAndWithoutCountries() throws Exception {
    Map<String, int[]> byLanguage = new TreeMap<>(); // texts, with a country
    Set<String> ids = new HashSet<>();
    for (String[] f : MentionEval.goldRows(LanguageMentionEval.GOLD, "id")) {
      String line = String.join("\t", f);
      assertEquals(4, f.length, line);
      assertTrue(ids.add(f[0]), "twice: " + f[0]);
      assertTrue(f[0].matches("(cldr-tz|cldr-emoji|udhr|quran|wvs7):.+"), "unknown source: " + f[0]);
      int[] c = byLanguage.computeIfAbsent(f[1], k -> new int[2]);
      c[0]++;
      if (!f[2].isEmpty()) {
        c[1]++;
        for (String code : f[2].split(" ")) {
          assertTrue(COUNTRIES.contains(code), "not an ISO 3166-1 code: " + code + " in " + line);
        }
      }
    }
    assertTrue(byLanguage.size() >= 25, "languages: " + byLanguage.keySet());
    assertTrue(byLanguage.keySet().containsAll(REQUIRED), "languages: " + byLanguage.keySet());
    assertTrue(byLanguage.containsKey("tr") || byLanguage.containsKey("az"));
    byLanguage.forEach((language, c) -> {
      assertTrue(c[0] >= 20, language + ": " + c[0] + " texts");
      assertTrue(c[1] > 0 && c[1] < c[0], language + ": " + c[1] + " of " + c[0] + " texts with a country");
    });
  }
}
