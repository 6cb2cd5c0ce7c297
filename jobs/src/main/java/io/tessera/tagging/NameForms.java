package io.tessera.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The forms of a place name that whole-word matching needs in languages that inflect names or write words onto
 * them, made by rule when the gazetteer is built: Russian and Ukrainian case forms (России, Минском), German
 * genitives (Frankreichs), Polish case forms (Polsce, Francji), Hebrew and Arabic one-letter words written onto the
 * name (בישראל, بمصر, والمغرب), Arabic, Persian and Urdu adjectives of country names (مصري, ایرانی, پاکستانی),
 * and the inflected demonyms made from language names in Polish, Russian, Ukrainian and Portuguese (rosyjskim,
 * японского, chinesa).
 */
final class NameForms {
  /** Languages no demonym source covers: demonyms made from CLDR's language names (national-languages.tsv). */
  static final List<String> DERIVED_DEMONYM_LANGUAGES = List.of("pl", "ru", "uk", "pt");

  /** The one-letter words Hebrew writes onto a name, alone and two together: בישראל, לצרפת, ומגרמניה. */
  private static final List<String> HEBREW_PREFIXES = List.of("ב", "ל", "מ", "ו", "ש", "כ", "וב", "ול", "ומ", "שב",
      "של", "שמ");

  /** Arabic country names that are mostly everyday words: مالي (Mali) is "financial", بنين (Benin) "sons". */
  private static final Set<String> ARABIC_WORDS = Set.of("مالي", "بنين");

  private NameForms() {}

  /** A name that is mostly an everyday word in its language, not to be matched at all. */
  static boolean isWord(String name, String language) {
    return language.equals("ar") && ARABIC_WORDS.contains(name);
  }

  /** The inflected or prefixed forms of a name in its language (not the name itself). */
  static List<String> inflected(String name, String language) {
    return switch (language) {
      case "de" -> germanGenitive(name);
      case "pl" -> polishCaseForms(name);
      case "he" -> written(name, Character.UnicodeScript.HEBREW)
          ? HEBREW_PREFIXES.stream().map(prefix -> prefix + name).toList() : List.of();
      case "ar" -> arabic(name) ? arabicProclitics(name) : List.of();
      default -> cyrillicCaseForms(name);
    };
  }

  /** The adjective forms of a country's name, where a rule makes them (Arabic, Persian, Urdu). */
  static List<String> adjectives(String name, String language) {
    if (!arabic(name)) {
      return List.of();
    }
    return switch (language) {
      case "ar" -> arabicAdjectives(name);
      case "fa", "ur" -> persianAdjectives(name, language);
      default -> List.of();
    };
  }

  /**
   * The adjective of a one-word Persian or Urdu country name, by the regular rule: ی after the name (ایرانی,
   * پاکستانی, چینی), یی after ا or و in Persian (ایتالیایی), ی for Persian یه (روسی); in Persian also the plural
   * ایرانیان (ایرانی‌ها matches as ایرانی). Names ending in ه or ی make irregular ones (فرانسوی, جرمن): none made.
   */
  static List<String> persianAdjectives(String name, String language) {
    if (name.contains(" ") || name.length() < 3) {
      return List.of();
    }
    boolean persian = language.equals("fa");
    String adjective;
    if (persian && name.endsWith("یه")) {
      adjective = name.substring(0, name.length() - 1); // روسیه → روسی
    } else if (name.endsWith("ی") || name.endsWith("ہ") || name.endsWith("ه")) {
      return List.of(); // irregular: فرانسه → فرانسوی, جرمنی → جرمن
    } else if (persian && (name.endsWith("ا") || name.endsWith("و"))) {
      adjective = name + "یی"; // ایتالیا → ایتالیایی
    } else {
      adjective = name + "ی";
    }
    return persian ? List.of(adjective, adjective + "ان") : List.of(adjective);
  }

  /**
   * The genitive of a one-word German country name: Frankreichs, Deutschlands, Chinas; not of the feminine ones
   * (der Schweiz, der Türkei, der Ukraine) nor of those ending in s, ß, x or z.
   */
  static List<String> germanGenitive(String name) {
    if (name.contains(" ") || name.length() < 4 || !Character.isUpperCase(name.codePointAt(0))
        || name.matches(".*(?:[sßxz]|e|ei)")) {
      return List.of();
    }
    return List.of(name + "s");
  }

  /**
   * The common case forms of a one-word Polish country name, by its ending: Polska → Polski, Polsce, Polskę,
   * Polską; Francja, Hiszpania → Francji, Francję, Francją; Ukraina → Ukrainy, Ukrainie, Ukrainę, Ukrainą; plurals
   * Chiny, Czechy → Chin, Chinach, Chinom; Indie → Indii, Indiach; a consonant: Izrael → Izraela, Izraelu,
   * Izraelem. Forms with a changed stem (Kanadzie, Niemczech, Egipcie) are not made.
   */
  static List<String> polishCaseForms(String name) {
    if (name.contains(" ") || name.length() < 4 || !Character.isUpperCase(name.codePointAt(0))) {
      return List.of();
    }
    String stem = name.substring(0, name.length() - 1);
    if (name.endsWith("ska")) {
      return List.of(stem + "i", name.substring(0, name.length() - 2) + "ce", stem + "ę", stem + "ą");
    }
    if (name.endsWith("ja") || name.endsWith("ia")) {
      return List.of(stem + "i", stem + "ę", stem + "ą");
    }
    if (name.endsWith("a")) {
      return List.of(stem + "y", stem + "ie", stem + "ę", stem + "ą");
    }
    if (name.endsWith("y")) {
      return List.of(stem, stem + "ach", stem + "om");
    }
    if (name.endsWith("ie")) {
      return List.of(stem + "i", stem + "ach");
    }
    if ("aeiouyąęóáéí".indexOf(Character.toLowerCase(name.charAt(name.length() - 1))) < 0) {
      return List.of(name + "a", name + "u", name + "em");
    }
    return List.of();
  }

  /**
   * The forms in running text of an adjective that is a language's name: Polish japoński → japońska, japońskie,
   * japońskiego, japońskiej, japońskim, japońskich, japońską, japońskiemu, japońscy; Russian японский → японская,
   * японского...; Ukrainian (its names are feminine) японська → японський, японського...; Portuguese japonês →
   * japonesa, japoneses, japonesas; russo → russa, russos, russas; alemão → alemã, alemães.
   */
  static List<String> ofLanguageName(String name, String language) {
    if (name.isEmpty() || name.contains(" ") || name.contains("(")) {
      return List.of();
    }
    String stem = name.substring(0, name.length() - 1);
    List<String> forms = new ArrayList<>(List.of(name));
    switch (language) {
      case "pl" -> {
        if (name.endsWith("ki")) {
          for (String ending : List.of("a", "ie", "iego", "iej", "im", "ich", "ą", "iemu")) {
            forms.add(stem + ending);
          }
          forms.add(name.substring(0, name.length() - 2) + "cy"); // polscy, niemieccy: men, plural
        }
      }
      case "ru" -> {
        if (name.endsWith("ий")) {
          String base = name.substring(0, name.length() - 2);
          for (String ending : List.of("ая", "ое", "ие", "ого", "ой", "ом", "им", "их", "ую", "ими", "ому")) {
            forms.add(base + ending);
          }
        }
      }
      case "uk" -> {
        if (name.endsWith("а")) {
          for (String ending : List.of("ий", "е", "і", "ого", "ої", "ій", "ім", "им", "их", "у", "ою", "ими", "ому")) {
            forms.add(stem + ending);
          }
        }
      }
      case "pt" -> {
        if (name.endsWith("ês")) {
          String base = name.substring(0, name.length() - 2);
          forms.addAll(List.of(base + "esa", base + "eses", base + "esas"));
        } else if (name.endsWith("ão")) {
          String base = name.substring(0, name.length() - 2);
          forms.addAll(List.of(base + "ã", base + "ães"));
        } else if (name.endsWith("o")) {
          forms.addAll(List.of(stem + "a", stem + "os", stem + "as"));
        } else if (name.endsWith("a") || name.endsWith("e")) {
          forms.add(name + "s");
        }
      }
      default -> {
        return List.of();
      }
    }
    return forms;
  }

  /**
   * An Arabic name with the one-letter words written onto it: و (and), ب (in, with), ف (so), ل (for; لل before
   * the article: للمغرب), and و with ب or ل.
   */
  static List<String> arabicProclitics(String name) {
    String bare = name.startsWith("ال") ? name.substring(2) : null;
    String forName = bare == null ? "ل" + name : "لل" + bare;
    return List.of("و" + name, "ب" + name, "ف" + name, "وب" + name, forName, "و" + forName);
  }

  /**
   * The adjective (nisba) of a one-word Arabic country name, by the regular rule: the name without its article and
   * its final يا, ا or ية, then ي (masculine), ية (feminine), يون and يين (masculine plural), يات (feminine plural),
   * each also with the article, with و, and with ل (لل): مصر → مصري, المصرية, للمصريين; سوريا → سوري; السعودية →
   * سعودي. Not with ب: بالفرنسية is "in French", the language. Irregular ones (نمساوي, أفغاني) are not made.
   */
  static List<String> arabicAdjectives(String name) {
    if (name.contains(" ")) {
      return List.of();
    }
    String s = name.startsWith("ال") ? name.substring(2) : name;
    String stem = s.endsWith("يا") || s.endsWith("ية") ? s.substring(0, s.length() - 2)
        : s.endsWith("ا") ? s.substring(0, s.length() - 1) : s;
    if (stem.length() < 3) {
      return List.of();
    }
    List<String> forms = new ArrayList<>();
    for (String ending : List.of("ي", "ية", "يون", "يين", "يات")) {
      String adjective = stem + ending;
      forms.addAll(List.of(adjective, "و" + adjective, "ال" + adjective, "وال" + adjective, "لل" + adjective,
          "ولل" + adjective));
    }
    return forms;
  }

  /** Whether a surface is written in Arabic letters (and spaces) only. */
  static boolean arabic(String surface) {
    return written(surface, Character.UnicodeScript.ARABIC);
  }

  /** Whether a surface is written in one script's letters (and spaces and punctuation) only. */
  private static boolean written(String surface, Character.UnicodeScript script) {
    return surface.codePoints().anyMatch(Character::isLetter) && surface.codePoints()
        .allMatch(cp -> !Character.isLetter(cp) || Character.UnicodeScript.of(cp) == script);
  }

  /**
   * The genitive, dative, accusative, instrumental and prepositional forms of a one-word Russian or Ukrainian
   * place name, by its ending (Россия → России, Россию, Россией; Литва → Литвы, Литве, Литву, Литвой; Беларусь →
   * Беларуси, Беларусью; Минск → Минска, Минску, Минском, Минске); names ending in о, е, и, у are indeclinable.
   */
  static List<String> cyrillicCaseForms(String surface) {
    if (surface.length() < 4 || !surface.codePoints().allMatch(cp -> Character.isLetter(cp)
        && Character.UnicodeScript.of(cp) == Character.UnicodeScript.CYRILLIC)) {
      return List.of();
    }
    int n = surface.length();
    String last = surface.substring(n - 1);
    String stem = surface.substring(0, n - 1);
    if (surface.endsWith("ия")) {
      String s2 = surface.substring(0, n - 2);
      return List.of(s2 + "ии", s2 + "ию", s2 + "ией");
    }
    return switch (last) {
      case "а" -> List.of(stem + "ы", stem + "и", stem + "е", stem + "у", stem + "ой", stem + "ей");
      case "я" -> List.of(stem + "и", stem + "е", stem + "ю", stem + "ей");
      case "ь" -> List.of(stem + "и", stem + "ью");
      case "й" -> List.of(stem + "я", stem + "ю", stem + "ем", stem + "е");
      case "о", "е", "и", "у", "ы", "э", "ю" -> List.of();
      default -> List.of(surface + "а", surface + "у", surface + "ом", surface + "е");
    };
  }
}
