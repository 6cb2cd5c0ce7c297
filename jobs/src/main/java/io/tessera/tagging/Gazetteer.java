package io.tessera.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every name Tessera recognises, matched in one pass: countries and territories (ISO 3166-1) with their names in
 * the languages of world-countries and of the JDK's CLDR data, demonyms, capitals; subnational regions and cities
 * of 200,000 people or more; macro-regions; religions, language communities and peoples; subreddits and language
 * priors for source metadata. Loaded once per JVM from
 * the classpath (conf/gazetteer, packaged in the jar) by {@link #get()}; immutable and shared by task threads.
 */
public final class Gazetteer {
  /** Languages whose JDK (CLDR) country names are added to those of world-countries. */
  static final List<String> CLDR_LANGUAGES = List.of("en", "ar", "bn", "de", "el", "es", "fa", "fr", "he", "hi",
      "id", "it", "ja", "ka", "ko", "ms", "nl", "pl", "pt", "ru", "sv", "sw", "ta", "th", "tr", "uk", "ur", "vi", "zh",
      "am", "hy", "az", "kk", "uz", "tl", "ha", "yo", "zu", "so", "ne", "si", "km", "my", "ro", "cs", "hu");

  /** Territories without a people of their own: never a culture (Antarctica, Bouvet Island, Heard Island). */
  static final Set<String> UNINHABITED = Set.of("AQ", "BV", "HM");

  /** A place or community a surface form points to. */
  public record Target(String level, String countryCode, String subdivisionCode, String language, String label,
      String path) {}

  /** What kind of mention a surface form is: the evidence it gives. */
  public enum Kind { NAME, DEMONYM, CAPITAL, REGION, COMMUNITY, SUBNATIONAL_REGION, CITY }

  /**
   * A surface form and what it stands for. {@code anyCase}: the form is written capitalised in one language and in
   * lower case in another (Filipino, filipino), so the text's casing says nothing. {@code otherLanguagesOnly}: only
   * other languages than English write it so (Estonian "Tai" for Thailand, Norwegian "islands", Dutch "Fine").
   */
  public record Entry(String surface, Kind kind, List<Target> targets, boolean anyCase, boolean otherLanguagesOnly) {
    public Entry(String surface, Kind kind, List<Target> targets) {
      this(surface, kind, targets, false, false);
    }

    Entry(String surface, Kind kind, Target target, String language) {
      this(surface, kind, List.of(target), false, !language.equals("en"));
    }
  }

  /** A surface found in a text, with every entry for it in kind order (names first). */
  public record Match(int start, int end, List<Entry> entries) {}

  private final Automaton<Keyword> automaton;
  private final Map<String, Target> countries;
  private final Map<String, List<Target>> subreddits;
  private final Map<String, List<Target>> languagePriors;
  private final Map<String, List<Entry>> byLowerSurface;

  /** Built on first use, once per JVM (class initialisation is thread-safe and lazy). */
  private static final class Holder {
    static final Gazetteer INSTANCE = load();
  }

  public static Gazetteer get() {
    return Holder.INSTANCE;
  }

  private Gazetteer(List<Entry> entries, Map<String, Target> countries, Set<String> sovereign,
      Map<String, List<Target>> subreddits, Map<String, List<Target>> languagePriors) {
    this.countries = countries;
    this.subreddits = subreddits;
    this.languagePriors = languagePriors;
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (Entry e : entries) {
      // One entry per surface and kind; a surface shared by several places keeps them all (ambiguity).
      String key = e.surface().toLowerCase(Locale.ROOT) + "\u0000" + e.kind();
      Entry old = merged.get(key);
      if (old == null) {
        merged.put(key, e);
      } else {
        List<Target> targets = new ArrayList<>(old.targets());
        e.targets().stream().filter(t -> !targets.contains(t)).forEach(targets::add);
        boolean anyCase = old.anyCase() || !e.surface().equals(old.surface());
        merged.put(key, new Entry(old.surface(), old.kind(), List.copyOf(targets), anyCase,
            old.otherLanguagesOnly() && e.otherLanguagesOnly()));
      }
    }
    // "American" is also the demonym of American Samoa, "Indian" of the British Indian Ocean Territory: where one
    // sovereign state shares a surface with dependent territories only, the state is meant.
    merged.replaceAll((key, e) -> {
      List<Target> states = e.targets().stream()
          .filter(t -> t.countryCode() != null && sovereign.contains(t.countryCode())).toList();
      boolean onlyPlaces = e.targets().stream().allMatch(t -> t.countryCode() != null);
      return states.size() == 1 && e.targets().size() > 1 && onlyPlaces
          ? new Entry(e.surface(), e.kind(), states, e.anyCase(), e.otherLanguagesOnly()) : e;
    });
    byLowerSurface = new HashMap<>();
    for (Entry e : merged.values()) {
      byLowerSurface.computeIfAbsent(e.surface().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
    }
    // One keyword per surface as matching sees it, its payload every entry for it in kind order: the tagger tries
    // them in turn.
    Map<String, List<Entry>> byKey = new HashMap<>();
    byLowerSurface.forEach((lower, list) -> byKey.computeIfAbsent(fold(lower), k -> new ArrayList<>()).addAll(list));
    Map<String, Keyword> keywords = new HashMap<>();
    byKey.forEach((key, list) -> {
      list.sort(Comparator.comparing(Entry::kind));
      keywords.put(key, Keyword.of(key, list));
    });
    automaton = new Automaton<>(keywords);
  }

  /** Longest non-overlapping matches, in text order. */
  public List<Match> find(String text) {
    List<Match> matches = new ArrayList<>();
    String lower = lowerCase(text);
    String folded = fold(lower);
    automaton.find(folded, (start, end, keyword) -> add(matches, start, end, keyword, lower, folded));
    matches.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
        : Integer.compare(b.end(), a.end()));
    List<Match> kept = new ArrayList<>();
    int end = -1;
    for (Match m : matches) {
      if (m.start() > end) {
        kept.add(m);
        end = m.end();
      }
    }
    return kept;
  }

  /** Every entry for a surface form, whatever its kind, in kind order (names first). */
  public List<Entry> entries(String surface) {
    return byLowerSurface.getOrDefault(surface.toLowerCase(Locale.ROOT), List.of());
  }

  public Target country(String code) {
    return code == null ? null : countries.get(code.toUpperCase(Locale.ROOT));
  }

  public List<Target> subreddit(String name) {
    return name == null ? List.of() : subreddits.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  public List<Target> languagePrior(String language) {
    return language == null ? List.of() : languagePriors.getOrDefault(language.toLowerCase(Locale.ROOT), List.of());
  }

  /** A keyword found at {@code [start, end)} of the folded text, with the entries the text as written fits. */
  private static void add(List<Match> into, int start, int end, Keyword keyword, String lower, String folded) {
    int length = end - start;
    boolean plainText = lower.regionMatches(start, folded, start, length); // no accent or hyphen here
    List<Entry> entries;
    if (plainText && keyword.allPlain()) {
      entries = keyword.entries();
    } else {
      // The entries written as in the text ("American", not French "Américan"); else those that may go without
      // their accents (Thessaloniki).
      String written = lower.substring(start, start + length).replace('-', ' ');
      List<Entry> exact = new ArrayList<>();
      for (int i = 0; i < keyword.entries().size(); i++) {
        if (keyword.forms().get(i).equals(written)) {
          exact.add(keyword.entries().get(i));
        }
      }
      entries = !exact.isEmpty() ? exact
          : keyword.entries().stream().filter(e -> withoutAccents(e, written)).toList();
    }
    if (!entries.isEmpty()) {
      into.add(new Match(start, end - 1, entries));
    }
  }

  /**
   * A keyword's payload: every entry for it, each with its surface in lower case (hyphens as spaces), the form the
   * text must have to match it as written; whether all those forms are the keyword itself (no accents).
   */
  private record Keyword(List<Entry> entries, List<String> forms, boolean allPlain) {
    static Keyword of(String key, List<Entry> entries) {
      List<String> forms = entries.stream().map(e -> e.surface().toLowerCase(Locale.ROOT).replace('-', ' ')).toList();
      return new Keyword(List.copyOf(entries), forms, forms.stream().allMatch(key::equals));
    }
  }

  /**
   * Whether text written without the entry's accents stands for it: a name of five letters or more that is no
   * subnational region and no other language's spelling, or an Arabic one. Short names are words without their
   * accents (Malé: Male; Orël: Orel); regions are small places (Paúl, a county of Cabo Verde, is not "Paul");
   * another language's spelling is that language's (Portuguese Irã is not "Ira"); and accents added to a plain name
   * make another word (Sofía is a given name).
   */
  private static boolean withoutAccents(Entry entry, String written) {
    boolean arabic = NameForms.arabic(written); // ايران for إيران, السعوديه for السعودية: how most people type them
    return entry.kind() != Kind.SUBNATIONAL_REGION && (arabic || !entry.otherLanguagesOnly()) && written.length() >= 5
        && (arabic || written.chars().allMatch(c -> c < 0x80));
  }

  /**
   * Latin letters with diacritics → their base letter (í → i); the Arabic letters informal writing interchanges →
   * the plain one (أ إ آ → ا, ى → ي, ة → ه); one char for one, other chars as they are.
   */
  private static final char[] FOLDED = new char[0x650];

  static {
    for (char c = 0; c < FOLDED.length; c++) {
      String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      boolean marksOnly = d.length() > 1
          && d.substring(1).chars().allMatch(m -> Character.getType(m) == Character.NON_SPACING_MARK);
      FOLDED[c] = marksOnly && d.charAt(0) < 0x80 ? d.charAt(0) : c;
    }
    FOLDED['-'] = ' ';
    FOLDED['أ'] = FOLDED['إ'] = FOLDED['آ'] = 'ا';
    FOLDED['ى'] = 'ي';
    FOLDED['ة'] = 'ه';
  }

  /**
   * Text as matching sees it, offsets unchanged: accents dropped (Thessaloniki finds Thessaloníki, Espana España) and
   * hyphens read as spaces (Papua New-Guinea, Guinea Bissau).
   */
  static String fold(String lower) {
    char[] chars = null;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c < FOLDED.length && FOLDED[c] != c) {
        if (chars == null) {
          chars = lower.toCharArray();
        }
        chars[i] = FOLDED[c];
      }
    }
    return chars == null ? lower : new String(chars);
  }

  /** Lower case with the offsets of the original text: char by char where the whole-string form changes length (İ). */
  private static String lowerCase(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.length() == text.length()) {
      return lower;
    }
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(chars[i]);
    }
    return new String(chars);
  }

  private static Gazetteer load() {
    ObjectMapper json = new ObjectMapper();
    List<Entry> entries = new ArrayList<>();
    Map<String, Target> countries = new LinkedHashMap<>();
    Set<String> sovereign = new HashSet<>();
    Map<String, List<String>> subregions = new HashMap<>();
    Map<String, List<String>> regions = new HashMap<>();
    for (String line : lines("gazetteer/countries.jsonl")) {
      JsonNode c;
      try {
        c = json.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String code = c.get("cca2").asText();
      String name = c.get("names").get("en").get(0).asText();
      String region = c.get("region").asText();
      Target country = new Target("country", code, null, null, name, region.isEmpty() ? name : region + " > " + name);
      countries.put(code, country);
      if (c.path("independent").asBoolean(false)) {
        sovereign.add(code);
      }
      subregions.computeIfAbsent(c.get("subregion").asText(), k -> new ArrayList<>()).add(code);
      regions.computeIfAbsent(region, k -> new ArrayList<>()).add(code);
      if (UNINHABITED.contains(code)) {
        continue; // known by its code (metadata), never matched in text
      }
      c.get("names").fields().forEachRemaining(names -> names.getValue()
          .forEach(n -> addWithForms(entries, n.asText(), Kind.NAME, country, names.getKey())));
      for (String language : CLDR_LANGUAGES) {
        String local = new Locale("", code).getDisplayCountry(Locale.forLanguageTag(language));
        if (!local.isBlank() && !local.equals(code)) {
          addWithForms(entries, local, Kind.NAME, country, language);
        }
      }
      c.get("demonyms").fields().forEachRemaining(d -> d.getValue()
          .forEach(n -> entries.add(new Entry(n.asText(), Kind.DEMONYM, country, d.getKey()))));
      c.get("capitals").forEach(n -> addWithForms(entries, n.asText(), Kind.CAPITAL, country, "en"));
    }
    for (String[] row : table("gazetteer/national-languages.tsv")) {
      Target country = codes(row[1], countries).get(0);
      for (String language : NameForms.DERIVED_DEMONYM_LANGUAGES) {
        String name = Locale.forLanguageTag(row[0]).getDisplayLanguage(Locale.forLanguageTag(language));
        for (String form : NameForms.ofLanguageName(name, language)) {
          entries.add(new Entry(form, Kind.DEMONYM, country, language));
        }
      }
    }
    for (String[] row : table("gazetteer/demonyms.tsv")) {
      entries.add(new Entry(row[0], Kind.DEMONYM, codes(row[1], countries)));
    }
    for (String[] row : table("gazetteer/other-names.tsv")) {
      addWithForms(entries, row[0], Kind.NAME, codes(row[1], countries).get(0), row[2]);
    }
    for (String[] row : table("gazetteer/abbreviations.tsv")) {
      entries.add(new Entry(row[0], Kind.NAME, codes(row[1], countries)));
    }
    for (String[] row : table("gazetteer/places.tsv")) {
      Target country = countries.get(row[1]);
      if (country == null || UNINHABITED.contains(row[1])) {
        continue; // a territory world-countries does not list, or one without a people
      }
      boolean city = row[0].equals("city");
      Target place = new Target(row[0], row[1], city ? null : row[2], null, row[3], country.path() + " > " + row[3]);
      for (String name : row[4].split("\\|")) {
        addWithForms(entries, name, city ? Kind.CITY : Kind.SUBNATIONAL_REGION, place, "en");
      }
    }
    for (String[] row : table("gazetteer/ambiguous.tsv")) {
      entries.add(new Entry(row[0], Kind.NAME, codes(row[1], countries)));
    }
    for (String[] row : table("gazetteer/regions.tsv")) {
      List<Target> members = new ArrayList<>();
      for (String member : row[2].split("\\|")) {
        List<String> codes = member.startsWith("subregion:") ? subregions.getOrDefault(member.substring(10), List.of())
            : member.startsWith("region:") ? regions.getOrDefault(member.substring(7), List.of()) : List.of(member);
        codes.forEach(code -> members.add(countries.get(code)));
      }
      Target region = new Target("macro_region", null, null, null, row[0], row[0]);
      for (String name : row[1].split("\\|")) {
        entries.add(new Entry(name, Kind.REGION, List.of(region)));
      }
    }
    for (String[] row : table("gazetteer/communities.tsv")) {
      Target community = new Target(row[1], null, null, row[2].isEmpty() ? null : row[2], row[0], row[0]);
      for (String name : row[3].split("\\|")) {
        entries.add(new Entry(name, Kind.COMMUNITY, List.of(community)));
      }
    }
    Map<String, List<Target>> subreddits = new HashMap<>();
    for (String[] row : table("subreddits.tsv")) {
      subreddits.put(row[0].toLowerCase(Locale.ROOT), codes(row[1], countries));
    }
    Map<String, List<Target>> priors = new HashMap<>();
    for (String[] row : table("gazetteer/language-priors.tsv")) {
      priors.put(row[0], codes(row[1], countries));
    }
    return new Gazetteer(entries, countries, sovereign, subreddits, priors);
  }

  /** The entry and the forms whole-word matching needs in its language (NameForms). */
  private static void addWithForms(List<Entry> entries, String surface, Kind kind, Target target, String language) {
    if (NameForms.isWord(surface, language)) {
      return;
    }
    entries.add(new Entry(surface, kind, target, language));
    for (String form : NameForms.inflected(surface, language)) {
      entries.add(new Entry(form, kind, target, language));
    }
    if (kind == Kind.NAME && target.level().equals("country")) {
      for (String form : NameForms.adjectives(surface, language)) {
        entries.add(new Entry(form, Kind.DEMONYM, target, language));
      }
    }
  }

  private static List<Target> codes(String codes, Map<String, Target> countries) {
    List<Target> targets = new ArrayList<>();
    for (String code : codes.split("\\|")) {
      Target t = countries.get(code);
      if (t == null) {
        throw new IllegalStateException("unknown country code " + code + " in the gazetteer tables");
      }
      targets.add(t);
    }
    return List.copyOf(targets);
  }

  /** Rows of a tab-separated table without its comment lines and header. */
  private static List<String[]> table(String resource) {
    List<String[]> rows = new ArrayList<>();
    boolean header = true;
    for (String line : lines(resource)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      rows.add(line.split("\t", -1));
    }
    return rows;
  }

  private static List<String> lines(String resource) {
    InputStream in = Gazetteer.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("gazetteer resource " + resource + " is not on the classpath");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
