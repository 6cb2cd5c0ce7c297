package io.tessera.tagging;

import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.tagging.Gazetteer.Entry;
import io.tessera.tagging.Gazetteer.Kind;
import io.tessera.tagging.Gazetteer.Match;
import io.tessera.tagging.Gazetteer.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The cultures a record is about or comes from. Evidence, each with a weight from {@code tag.weights}: names,
 * demonyms and capitals in the text ({@code explicit_mention}, {@code demonym}, {@code geo_place}), source metadata
 * (subreddit, tweet place, Wikipedia edition), persona cultures of a dialogue, survey populations, and a weak prior
 * from the text's language. A tag's score combines its evidence as independent signals: 1 − Π(1 − w). A surface
 * shared by several places (Congo) splits its weight between them, so other evidence decides.
 *
 * <p>Ambiguity rules, in {@link #accept}: a name that is also a common word (turkey, china, japan, chad, jordan,
 * guinea...) counts only when capitalised, unless the whole text is in lower case; a name that is also a given name
 * (Jordan, Chad, Georgia, Victoria...) does not count next to another capitalised word (Michael Jordan, Chad Smith);
 * "guinea pig" and friends are not Guinea; Georgia among US places is the US state; "Indian" after "American" or
 * "Native" is the Indigenous peoples of the Americas.
 */
public final class CultureTagger {
  public static final String UNKNOWN = "und";
  public static final String MULTIPLE = "mul";

  /** Country names that are everyday English words: never a place when written in lower case. */
  private static final Set<String> COMMON_WORDS = Set.of("turkey", "china", "chad", "guinea", "chile", "jersey",
      "man", "jordan");
  private static final Set<String> GIVEN_NAMES = Set.of("jordan", "chad", "georgia", "victoria", "israel",
      "india", "chelsea", "paris", "florence", "sydney", "austin", "regina", "lima", "santiago", "sofia");
  private static final Set<String> NOT_GUINEA = Set.of("pig", "pigs", "fowl", "worm", "hen", "hens");
  private static final Pattern US_CONTEXT = Pattern.compile(
      "\\b(Atlanta|Savannah|U\\.S\\.|USA|United States|America|American|Alabama|Florida|Tennessee|Carolina|Texas|"
          + "Ohio|California|state of Georgia|Georgia,? USA)\\b");
  private static final Pattern CAUCASUS_CONTEXT = Pattern.compile(
      "\\b(Tbilisi|Batumi|Caucasus|Caucasian|Sakartvelo|Armenia|Azerbaijan|Abkhazia|South Ossetia|Georgian)\\b");
  private static final Target US_GEORGIA = new Target("subnational_region", "US", "US-GA", null, "Georgia",
      "Americas > United States > Georgia");

  private final Gazetteer gazetteer;
  private final TagSettings settings;

  public CultureTagger(Gazetteer gazetteer, TagSettings settings) {
    this.gazetteer = gazetteer;
    this.settings = settings;
  }

  /** Metadata a source gives about a record; any may be null. */
  public record Hints(String language, String wikiLanguage, String subreddit, String placeCountry,
      List<String> personaCultures, List<String> surveyPopulations) {}

  /** A culture tag before it becomes a row. */
  public record Tag(Target target, String role, List<String> evidence, double score) {}

  public record Result(List<Tag> tags, String primary) {}

  public Result tag(String text, Hints hints) {
    Map<Target, Evidence> found = new LinkedHashMap<>();
    String body = text == null ? "" : text;
    boolean lowerCaseText = body.chars().noneMatch(Character::isUpperCase);
    for (Match m : gazetteer.find(body)) {
      String surface = body.substring(m.start(), m.end() + 1);
      List<Target> targets = accept(body, m, surface, lowerCaseText);
      for (Target t : targets) {
        String evidence = switch (m.entry().kind()) {
          case NAME, REGION, COMMUNITY -> "explicit_mention";
          case DEMONYM -> "demonym";
          case CAPITAL -> "geo_place";
        };
        found.computeIfAbsent(t, k -> new Evidence()).add(evidence, "subject", weight(evidence) / targets.size());
      }
    }
    if (hints != null) {
      for (Target t : gazetteer.subreddit(hints.subreddit())) {
        found.computeIfAbsent(t, k -> new Evidence()).add("source_metadata", "author_origin", weight("source_metadata"));
      }
      Target place = gazetteer.country(hints.placeCountry());
      if (place != null) {
        found.computeIfAbsent(place, k -> new Evidence()).add("source_metadata", "author_origin",
            weight("source_metadata"));
      }
      List<Target> edition = gazetteer.languagePrior(hints.wikiLanguage());
      for (Target t : edition) {
        found.computeIfAbsent(t, k -> new Evidence()).add("source_metadata", "author_origin",
            weight("source_metadata") / 2 / edition.size());
      }
      for (String culture : hints.personaCultures() == null ? List.<String>of() : hints.personaCultures()) {
        List<Target> targets = culture(culture);
        for (Target t : targets) {
          found.computeIfAbsent(t, k -> new Evidence()).add("persona", "persona", weight("persona") / targets.size());
        }
      }
      for (String population : hints.surveyPopulations() == null ? List.<String>of() : hints.surveyPopulations()) {
        List<Target> targets = culture(population);
        for (Target t : targets) {
          found.computeIfAbsent(t, k -> new Evidence()).add("survey_population", "survey_population",
              weight("survey_population") / targets.size());
        }
      }
      List<Target> prior = gazetteer.languagePrior(hints.language());
      for (Target t : prior) {
        found.computeIfAbsent(t, k -> new Evidence()).add("language_prior", "author_origin",
            weight("language_prior") / prior.size());
      }
    }
    List<Tag> tags = new ArrayList<>();
    found.forEach((target, e) -> tags.add(new Tag(target, e.role, List.copyOf(e.kinds), round(e.score()))));
    tags.sort(Comparator.comparingDouble(Tag::score).reversed().thenComparing(t -> t.target().label()));
    return new Result(tags, primary(tags));
  }

  /**
   * The primary culture: the best-scored country (or subdivision) at or above {@code tag.min_score}; {@code mul}
   * when the best two tie, as in a survey item asked in many countries; {@code und} when none qualifies.
   */
  private String primary(List<Tag> tags) {
    List<Tag> places = tags.stream().filter(t -> t.target().countryCode() != null)
        .filter(t -> t.score() >= settings.minScore).toList();
    if (places.isEmpty()) {
      return UNKNOWN;
    }
    if (places.size() > 1 && places.get(0).score() - places.get(1).score() < 0.01
        && !places.get(0).target().countryCode().equals(places.get(1).target().countryCode())) {
      return MULTIPLE;
    }
    Target best = places.get(0).target();
    return best.subdivisionCode() != null ? best.subdivisionCode() : best.countryCode();
  }

  /** A culture named in metadata: an ISO code, a country name or a demonym ("American", "Chinese", "Arabic"). */
  List<Target> culture(String name) {
    if (name == null || name.isBlank()) {
      return List.of();
    }
    Target byCode = name.length() == 2 ? gazetteer.country(name) : null;
    if (byCode != null) {
      return List.of(byCode);
    }
    for (Kind kind : new Kind[] {Kind.NAME, Kind.DEMONYM, Kind.COMMUNITY, Kind.REGION}) {
      for (Entry e : gazetteer.entries(name.trim())) {
        if (e.kind() == kind) {
          return e.targets();
        }
      }
    }
    return List.of();
  }

  /** The places a match stands for after the ambiguity rules; empty when it is not a place here. */
  private List<Target> accept(String text, Match m, String surface, boolean lowerCaseText) {
    String lower = surface.toLowerCase(Locale.ROOT);
    boolean capitalised = Character.isUpperCase(surface.codePointAt(0));
    if (m.entry().kind() != Kind.COMMUNITY && Character.isLowerCase(surface.codePointAt(0)) && isLatin(surface)
        && (!lowerCaseText || COMMON_WORDS.contains(lower))) {
      return List.of(); // "turkey" in capitalised text is the bird; in all-lower-case text it may be either
    }
    String next = word(text, m.end() + 1, true);
    String previous = word(text, m.start() - 1, false);
    if (lower.equals("guinea") && NOT_GUINEA.contains(next.toLowerCase(Locale.ROOT))) {
      return List.of();
    }
    if (GIVEN_NAMES.contains(lower) && capitalised
        && (isCapitalisedName(next) || isCapitalisedName(previous) && !sentenceStart(text, m.start()))) {
      return List.of(); // Michael Jordan, Chad Smith, Victoria Beckham
    }
    if (lower.equals("georgia") && US_CONTEXT.matcher(text).find() && !CAUCASUS_CONTEXT.matcher(text).find()) {
      return List.of(US_GEORGIA);
    }
    if (lower.equals("indian") && (previous.equals("American") || previous.equals("Native")
        || next.toLowerCase(Locale.ROOT).matches("reservation|tribe|tribes|nation|nations"))) {
      return culture("Native American");
    }
    return m.entry().targets();
  }

  private boolean isCapitalisedName(String word) {
    return !word.isEmpty() && Character.isUpperCase(word.codePointAt(0)) && gazetteer.entries(word).isEmpty()
        && !Set.of("The", "A", "In", "On", "At", "And", "Is", "Was", "I").contains(word);
  }

  private static boolean sentenceStart(String text, int start) {
    int i = start - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    return i < 0 || ".!?\n".indexOf(text.charAt(i)) >= 0;
  }

  /** The word just after {@code from} (forward) or just before it (backward), letters only. */
  private static String word(String text, int from, boolean forward) {
    int i = from;
    if (forward) {
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < text.length() && Character.isLetter(text.charAt(i))) {
        i++;
      }
      return text.substring(start, i);
    }
    while (i >= 0 && text.charAt(i) == ' ') {
      i--;
    }
    int end = i + 1;
    while (i >= 0 && Character.isLetter(text.charAt(i))) {
      i--;
    }
    return text.substring(i + 1, Math.max(i + 1, end));
  }

  private static boolean isLatin(String s) {
    return s.codePoints().filter(Character::isLetter)
        .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN);
  }

  private double weight(String evidence) {
    Double w = settings.weights.get(evidence);
    return w == null ? 0.0 : w;
  }

  private static double round(double score) {
    return Math.round(score * 1000) / 1000.0;
  }

  /** Evidence for one target: the kinds seen, the strongest role, and 1 − Π(1 − w). */
  private static final class Evidence {
    private final Set<String> kinds = new TreeSet<>();
    private double miss = 1.0;
    private double strongest = -1;
    private String role;

    void add(String kind, String role, double weight) {
      kinds.add(kind);
      miss *= 1 - Math.min(1.0, weight);
      if (weight > strongest) {
        strongest = weight;
        this.role = role;
      }
    }

    double score() {
      return 1 - miss;
    }
  }
}
