package io.tessera.ingest;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Country names to ISO 3166-1 alpha-2 codes, from the JDK's CLDR data (English names) plus the common variants
 * survey files use. For populations in survey data; the gazetteer does the general job in tagging.
 */
final class Countries {
  private static final Map<String, String> BY_NAME = build();

  private Countries() {}

  private static Map<String, String> build() {
    Map<String, String> names = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      names.put(key(new Locale("", code).getDisplayCountry(Locale.ENGLISH)), code);
      names.put(key(code), code);
    }
    String[][] variants = {{"Palestine", "PS"}, {"State of Palestine", "PS"}, {"Türkiye", "TR"}, {"Turkey", "TR"},
        {"Iran", "IR"}, {"Russia", "RU"}, {"South Korea", "KR"}, {"Korea", "KR"}, {"North Korea", "KP"},
        {"Vietnam", "VN"}, {"Syria", "SY"}, {"Laos", "LA"}, {"Bolivia", "BO"}, {"Venezuela", "VE"},
        {"Tanzania", "TZ"}, {"Czech Republic", "CZ"}, {"Ivory Coast", "CI"}, {"Taiwan", "TW"}, {"Macau", "MO"},
        {"Hong Kong", "HK"}, {"United States of America", "US"}, {"USA", "US"}, {"UK", "GB"},
        {"Great Britain", "GB"}, {"Britain", "GB"}, {"Moldova", "MD"}, {"Kyrgyzstan", "KG"}, {"Burma", "MM"},
        {"Eswatini", "SZ"}, {"North Macedonia", "MK"}, {"Macedonia", "MK"}, {"Cape Verde", "CV"}};
    for (String[] v : variants) {
      names.put(key(v[0]), v[1]);
    }
    return names;
  }

  private static String key(String name) {
    String plain = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ").trim();
  }

  /** The ISO code of a country name or code; null when unknown. */
  static String code(String name) {
    return name == null ? null : BY_NAME.get(key(name));
  }
}
