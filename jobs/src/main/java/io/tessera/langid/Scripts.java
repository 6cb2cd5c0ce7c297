package io.tessera.langid;

import com.github.pemistahl.lingua.api.Language;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which writing systems a text uses, and which of Lingua's languages write each one. */
final class Scripts {
  /** Lingua's languages by the script they are written in (Japanese also uses Han; Chinese only Han). */
  private static final Map<UnicodeScript, Set<Language>> LANGUAGES = new EnumMap<>(UnicodeScript.class);

  static {
    put(UnicodeScript.HANGUL, Language.KOREAN);
    put(UnicodeScript.THAI, Language.THAI);
    put(UnicodeScript.GREEK, Language.GREEK);
    put(UnicodeScript.GEORGIAN, Language.GEORGIAN);
    put(UnicodeScript.ARMENIAN, Language.ARMENIAN);
    put(UnicodeScript.HEBREW, Language.HEBREW);
    put(UnicodeScript.BENGALI, Language.BENGALI);
    put(UnicodeScript.GUJARATI, Language.GUJARATI);
    put(UnicodeScript.GURMUKHI, Language.PUNJABI);
    put(UnicodeScript.TAMIL, Language.TAMIL);
    put(UnicodeScript.TELUGU, Language.TELUGU);
    put(UnicodeScript.HIRAGANA, Language.JAPANESE);
    put(UnicodeScript.KATAKANA, Language.JAPANESE);
    put(UnicodeScript.HAN, Language.CHINESE, Language.JAPANESE);
    put(UnicodeScript.DEVANAGARI, Language.HINDI, Language.MARATHI);
    put(UnicodeScript.ARABIC, Language.ARABIC, Language.PERSIAN, Language.URDU);
    put(UnicodeScript.CYRILLIC, Language.BELARUSIAN, Language.BULGARIAN, Language.KAZAKH, Language.MACEDONIAN,
        Language.MONGOLIAN, Language.RUSSIAN, Language.SERBIAN, Language.UKRAINIAN);
  }

  private Scripts() {}

  private static void put(UnicodeScript script, Language... languages) {
    LANGUAGES.put(script, EnumSet.of(languages[0], languages));
  }

  /** Lingua's languages that write this script (none for Ethiopic, Khmer, Odia...). */
  static Set<Language> writers(UnicodeScript script) {
    return LANGUAGES.getOrDefault(script, Set.of());
  }

  /** Letter counts of a text by script; Common and Inherited characters (digits, punctuation, marks) left out. */
  static Map<UnicodeScript, Integer> letters(String text) {
    Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
    text.codePoints().filter(Character::isLetter).forEach(cp -> {
      UnicodeScript script = UnicodeScript.of(cp);
      if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
        counts.merge(script, 1, Integer::sum);
      }
    });
    return counts;
  }

  /** The share of a text's letters in its most used script (0 without letters). */
  static double dominantShare(Map<UnicodeScript, Integer> letters) {
    int total = letters.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : (double) letters.values().stream().mapToInt(Integer::intValue).max().orElse(0) / total;
  }

  /**
   * The one configured language a text's script allows, when its letters are almost all in that script and no
   * other configured language writes it (kana: Japanese even among Han); null otherwise.
   */
  static Language onlyLanguage(Map<UnicodeScript, Integer> letters, Set<Language> configured) {
    int total = letters.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return null;
    }
    int kana = letters.getOrDefault(UnicodeScript.HIRAGANA, 0) + letters.getOrDefault(UnicodeScript.KATAKANA, 0);
    if (kana * 10 >= total && configured.contains(Language.JAPANESE)) {
      return Language.JAPANESE;
    }
    for (Map.Entry<UnicodeScript, Integer> e : letters.entrySet()) {
      if (e.getValue() * 100 >= total * 95) {
        Set<Language> writers = EnumSet.noneOf(Language.class);
        writers.addAll(LANGUAGES.getOrDefault(e.getKey(), Set.of()));
        writers.retainAll(configured);
        if (e.getKey() != UnicodeScript.HAN && e.getKey() != UnicodeScript.LATIN && writers.size() == 1
            && LANGUAGES.containsKey(e.getKey())) {
          return writers.iterator().next();
        }
      }
    }
    return null;
  }

  /** The ISO 15924 code of a text's main script: Latn, Cyrl, Arab, Hani, Jpan (Han with kana), Kore, ... */
  static String iso15924(Map<UnicodeScript, Integer> letters) {
    if (letters.isEmpty()) {
      return null;
    }
    int kana = letters.getOrDefault(UnicodeScript.HIRAGANA, 0) + letters.getOrDefault(UnicodeScript.KATAKANA, 0);
    if (kana > 0 && letters.containsKey(UnicodeScript.HAN)) {
      return "Jpan";
    }
    UnicodeScript main = letters.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return switch (main) {
      case HANGUL -> letters.containsKey(UnicodeScript.HAN) ? "Kore" : "Hang";
      case HAN -> "Hani";
      case HIRAGANA -> "Hira";
      case KATAKANA -> "Kana";
      default -> iso15924(main);
    };
  }

  private static String iso15924(UnicodeScript script) {
    return switch (script) {
      case LATIN -> "Latn";
      case CYRILLIC -> "Cyrl";
      case ARABIC -> "Arab";
      case GREEK -> "Grek";
      case HEBREW -> "Hebr";
      case DEVANAGARI -> "Deva";
      case THAI -> "Thai";
      case GEORGIAN -> "Geor";
      case ARMENIAN -> "Armn";
      case BENGALI -> "Beng";
      case GUJARATI -> "Gujr";
      case GURMUKHI -> "Guru";
      case TAMIL -> "Taml";
      case TELUGU -> "Telu";
      case KANNADA -> "Knda";
      case MALAYALAM -> "Mlym";
      case ETHIOPIC -> "Ethi";
      case KHMER -> "Khmr";
      case LAO -> "Laoo";
      case MYANMAR -> "Mymr";
      case SINHALA -> "Sinh";
      case TIBETAN -> "Tibt";
      case MONGOLIAN -> "Mong";
      default -> {
        String name = script.name();
        yield name.charAt(0) + name.substring(1, Math.min(4, name.length())).toLowerCase();
      }
    };
  }
}
