package io.tessera.tagging;

import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.tagging.Gazetteer.Entry;
import io.tessera.tagging.Gazetteer.Kind;
import io.tessera.tagging.Gazetteer.Match;
import io.tessera.tagging.Gazetteer.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cultures a record is about or comes from. Evidence, each with a weight from {@code tag.weights}: names,
 * demonyms, and capitals, subnational regions and cities in the text ({@code explicit_mention}, {@code demonym},
 * {@code geo_place}; a place is also evidence for its country), source metadata
 * (subreddit, tweet place, Wikipedia edition), persona cultures of a dialogue, survey populations, and a weak prior
 * from the text's language. A tag's score combines its evidence as independent signals: 1 − Π(1 − w). A surface
 * shared by several places (Congo) splits its weight between them, so other evidence decides.
 *
 * <p>Ambiguity rules, in {@link #accept}: a name that is also a common word (turkey, china, japan, chad, jordan,
 * guinea...) counts only when capitalised, unless the whole text is in lower case; a name that is also a given name
 * (Jordan, Chad, Georgia, Victoria...) does not count next to another capitalised word (Michael Jordan, Chad Smith);
 * "guinea pig" and friends are not Guinea; Georgia among US places is the US state; "Indian" after "American" or
 * "Native", or among US places where India is not named, is the Indigenous peoples of the Americas.
 */
public final class CultureTagger {
  public static final String UNKNOWN = "und";
  public static final String MULTIPLE = "mul";

  /** Country names that are everyday English words: never a place when written in lower case. */
  private static final Set<String> COMMON_WORDS = Set.of("turkey", "china", "chad", "guinea", "chile", "jersey",
      "man", "jordan");
  private static final Set<String> GIVEN_NAMES = Set.of("jordan", "chad", "georgia", "victoria", "israel",
      "india", "chelsea", "paris", "florence", "sydney", "austin", "regina", "lima", "santiago", "sofia", "maurice",
      "cuba");
  /** Words around "Georgian" that make it the British era: Early Georgian, Georgian architecture. */
  private static final Set<String> GEORGIAN_ERA_BEFORE = Set.of("Early", "Mid", "Late");
  private static final Set<String> GEORGIAN_ERA = Set.of("era", "period", "architecture", "style", "terrace",
      "terraces", "england", "britain", "london");
  private static final Set<String> NOT_GUINEA = Set.of("pig", "pigs", "fowl", "worm", "hen", "hens");
  private static final Pattern ABBREVIATION = Pattern.compile("(?:[A-Z]\\.?){2,5}");
  /** A word after a name that makes it a body of water or a feature of the earth's surface, not the country. */
  private static final Set<String> WATER = Set.of("ocean", "oceans", "sea", "seas", "gulf", "gulfs", "strait",
      "straits", "channel", "channels", "canal", "canals", "river", "rivers", "bay", "bays", "lake", "lakes", "basin",
      "basins", "trench", "trenches", "ridge", "ridges", "plate", "plates");
  /** A list of names that a water or land word closes: the Angola, Cape, Argentina, and Brazil basins. */
  private static final Pattern LIST_THEN_WATER = Pattern.compile("^(?:,? (?:and |or )?\\p{Lu}[\\p{L}'’-]*"
      + "(?: \\p{Lu}[\\p{L}'’-]*)*)+ (?i:" + String.join("|", WATER) + ")\\b");
  /**
   * A word after a name or demonym that makes it a street, estate or small place named after the country: China
   * Grove, Dutch Harbor (in Alaska).
   */
  private static final Set<String> NAMED_AFTER = Set.of("Grove", "Township", "Beach", "Creek", "Springs", "Street",
      "Road", "Avenue", "Lane", "Square", "Boulevard", "Hall", "Farm", "Ranch", "Plantation", "Gardens", "Harbor",
      "Harbour");
  /**
   * Words before a city that make it part of another thing's name: a treaty's, not counted as a mention of the city
   * it was signed in (the Treaty of Paris, Peace of Lodi), or a saint's day (Dia di San Juan, the Feast of Saint
   * Helena).
   */
  private static final Pattern TREATY_OR_FEAST_OF = Pattern.compile("\\b(?:(?:Treaty|Treaties|Peace) of|"
      + "(?:[Dd][ií]a|[Ff]iesta|[Ff]esta|[Ff]east|[Ff]ête) (?:de|di|do|da|del|of)) $");
  private static final Pattern WATER_BEFORE = Pattern.compile(
      "\\b(?:Gulf|Strait|Straits|Sea|Bay|Isthmus) of (?:the )?$");
  /** Nouns of linguistics that make a demonym a language even with an adjective between: a Greek syllabic script. */
  private static final Set<String> LINGUISTIC_NOUNS = Set.of("alphabet", "script", "word", "words", "term", "terms",
      "letter", "letters", "prefix", "prefixes", "suffix", "suffixes", "dialect", "dialects", "language", "languages",
      "spelling", "grammar", "transliteration", "pronunciation", "root", "roots", "writing", "characters", "numerals",
      "demotic", "hieratic", "hieroglyphs", "hieroglyphic", "hieroglyphics", "cuneiform", "kana", "kanji", "hangul",
      "hiragana", "katakana");
  /**
   * A word next to a demonym that makes it a language or script (or the peoples who speak a family of languages: the
   * Iranian peoples): the Greek alphabet, Arabic words, deutscher Titel,
   * la langue française (after it in English and German; before it for the Romance languages' lower-case demonyms,
   * not in "a Catalan language Spanish film"; before it in Arabic, also a verb of speaking: اللغة الفرنسية, يتحدث
   * الألمانية; and the words for language in Russian, Polish, Ukrainian and Persian: на русском языке, زبان چینی).
   * The nouns of linguistics and these:
   */
  private static final Set<String> LANGUAGE_NOUNS = Stream.concat(LINGUISTIC_NOUNS.stream(), Stream.of(
      "translation", "orthography", "verb", "verbs", "noun", "nouns", "name", "spoken", "speakers", "speaking",
      "peoples", "transcription", "handwriting", "text", "texts", "version", "subtitles", "title", "equivalent",
      "equivalents", "english", "french", "spanish", "portuguese", "arabic",
      "sprache", "titel", "originaltitel", "wort", "wörter", "schrift",
      "übersetzung", "fassung", "untertitel", "aussprache", "bezeichnung", "langue", "titre", "mot", "mots",
      "traduction", "écriture", "idioma", "lengua", "título", "palabra", "palabras", "traducción", "escritura",
      "língua", "palavra", "palavras", "tradução", "lingua", "titolo", "parola", "parole", "traduzione", "taal",
      "woord", "woorden", "vertaling", "اللغة", "لغة", "باللغة", "واللغة", "للغة", "اللهجة", "لهجة", "يتحدث", "تتحدث",
      "يتكلم", "تتكلم", "يجيد", "تجيد", "ويتحدث", "وتتحدث", "ويتكلم", "وتتكلم", "ويجيد", "وتجيد", "ترجمة", "كلمة",
      "язык", "языке", "языка", "языком", "языки", "языках", "język", "języku", "języka", "językiem", "języki", "мова",
      "мові", "мову", "мовою", "мови", "زبان")).collect(Collectors.toUnmodifiableSet());
  /** A theatre named in a style: Grauman's Egyptian Theatre, the Greek Theatre (Los Angeles). */
  private static final Set<String> VENUES = Set.of("Theatre", "Theater");
  /** A band named after a place, credited: "Alien", a song by Japan; an album by Berlin. */
  private static final Pattern CREDITED = Pattern.compile(
      "\\b(?:song|songs|album|albums|single|singles|track|tracks|EP|record|recorded|performed) by $");
  /** A definite article or preposition right before a lower-case demonym: le français, l'iranien, en español. */
  private static final Pattern ROMANCE_ARTICLE = Pattern.compile("(?:\\b(?:le|el|lo|il|en|del|du|o|em)\\s|[ld]['’])$");
  /**
   * Other languages' names that are English words, never a name in English or unknown text: world-countries lists
   * Iceland's "Island" as an English spelling, and "Islands" is its German genitive.
   */
  private static final Set<String> ENGLISH_WORD_NAMES = Set.of("island", "islands");
  /** A stage of a language between "from the" and a demonym: from the Ancient Greek a(n)- "without". */
  private static final String STAGE = "(?: (?:Ancient|Classical|Old|Middle|Late|Medieval|Modern))?";
  /** "from the Greek ...", "via French,": a demonym after these, before no noun, is the language. */
  private static final Pattern FROM_THE = Pattern.compile("\\b(?:[Ff]rom|[Ii]n|[Vv]ia|[Ii]nto)(?: the)?" + STAGE
      + "\\s$");
  /**
   * Words after "in French" that close the phrase: "published in Polish by Neyman", "written in German in 1900", "a
   * list of treaties (in Spanish only)".
   */
  private static final Set<String> AFTER_LANGUAGE = Set.of("by", "in", "as", "at", "on", "for", "with", "from", "to",
      "about", "is", "was", "than", "until", "since", "during", "only");
  /** A verb of speaking, reading or teaching before a demonym, or a list of them: "taught French", spoke "Spanish". */
  private static final Pattern LANGUAGE_VERB = Pattern.compile("\\b(?:taught|teach(?:es|ing)?|learn(?:s|ed|t|ing)?|"
      + "speak(?:s|ing)?|spoke|read|reads|write|writes|wrote|translated(?: into| from)?|fluent in)"
      + "(?: \\p{Lu}\\p{L}+(?:,| and| or)?)* [\"“]?$");
  /** A noun of linguistics, then "is": "the prefix is generally Greek", "the word is ultimately Persian". */
  private static final Pattern LINGUISTIC_NOUN_IS = Pattern.compile("\\b(?:"
      + LINGUISTIC_NOUNS.stream().sorted().collect(Collectors.joining("|"))
      + "|name|names) (?:is|are|was|were)(?: \\p{Ll}+ly)? $");
  /** Stages of a language: Old French, Middle Egyptian, Late Greek (not "Early": Early American furniture). */
  private static final Set<String> LANGUAGE_STAGES = Set.of("Old", "Middle", "Late");
  private static final Pattern FROM = Pattern.compile("\\b[Ff]rom(?: the)?" + STAGE + " $");
  /** Words of an etymology: "derived it from the Italian altrui" names the language, not the country. */
  private static final Pattern ETYMOLOGY = Pattern.compile("\\b(?:[Dd]erive[ds]?|[Bb]orrow(?:ed|ing|s)?|loan(?:ed|word)?|"
      + "[Ee]tymolog\\w*|[Cc]oined|[Cc]ognate|meaning|means|word|words|term)\\b");
  /** A list of names ending in "are (also) (commonly) spoken": Spanish, Portuguese, and French are spoken. */
  private static final Pattern LIST_THEN_SPOKEN = Pattern.compile("^(?:,? (?:and |or )?\\p{Lu}\\p{L}+)*,? "
      + "(?:(?:is|are|was|were|also|commonly|widely|mainly|mostly|still|both|all|often) )*(?:spoken|understood|"
      + "taught|written|speakers)\\b");
  /**
   * Languages introduced before a list: "the official languages are Spanish, Portuguese and French", "several
   * languages, among them – Armenian", "languages spoken, by the size of their community, are Portuguese".
   */
  private static final Pattern LANGUAGES_THEN_LIST = Pattern.compile("\\b(?:[Ll]anguages?|[Ss]poken|[Ss]peaks?)"
      + "(?:, [^,.;:]{1,60},)?,?"
      + "(?: (?:is|are|was|were|include|includes|included|including|such as|like|namely|mainly|mostly|also|both|"
      + "among them|among which|notably|[–—]))+:?"
      + "(?: \\p{Lu}\\p{L}+,?(?: and| or)?)* $");
  /** A person, not a place: "killed by Paris, who shot him"; "daughter of Victoria, Queen of Canada". */
  private static final Pattern PERSON_AFTER = Pattern.compile("^(?:,? who(?:se|m)?|, (?:Queen|King|Prince|Princess|"
      + "Duke|Duchess|Emperor|Empress|Lord|Lady|Sir|Saint|Pope))\\b");
  /**
   * Words of a text about languages: in one, a list of demonyms is a list of languages (Russian, Ukrainian, Allakh).
   * Each is found by what follows its first letter (anguage for Language and language): {@link String#indexOf} is
   * several times faster than a regular expression over a whole record.
   */
  private static final List<LinguisticWord> LINGUISTIC_WORDS = List.of(new LinguisticWord("language", true, false),
      new LinguisticWord("dialect", true, false), new LinguisticWord("script", true, false),
      new LinguisticWord("alphabet", true, false), new LinguisticWord("linguist", false, true),
      new LinguisticWord("spelling", false, false), new LinguisticWord("pronunciation", false, false),
      new LinguisticWord("vocabulary", false, false), new LinguisticWord("orthography", false, false));
  /** What joins a demonym to a language-only name in a compound of languages: Chadic-Egyptian, Chadic with Egyptian. */
  private static final List<String> LANGUAGE_JOINERS = List.of("-", " with ");
  /** Nouns that make a list of demonyms one of peoples: Spanish, Portuguese, and French ancestors. */
  private static final Pattern PEOPLE_NOUNS = Pattern.compile("\\b(?:ancestors|ancestry|descent|settlers|"
      + "colonists|immigrants|people|peoples|population|traders|merchants|soldiers|troops|forces|explorers|"
      + "navigators|missionaries|citizens|nationals|community|communities|minority|minorities|diaspora)\\b");
  /** Names of languages and scripts that are no people's demonym: their company makes a demonym a language. */
  private static final Pattern LANGUAGE_ONLY = Pattern.compile("\\b(?:Latin|Cyrillic|Hebrew|Aramaic|Sanskrit|Semitic|"
      + "Cushitic|Omotic|Chadic|Berber|Brahmic|Devanagari|Phoenician|Coptic|Yiddish|Esperanto|Tamil|Hausa|Amharic|"
      + "Swahili|Yoruba|Afrikaans|Pali|Avestan|Akkadian|Sumerian|Romance|Germanic|Slavic|Turkic|Bantu|Dravidian|"
      + "Austronesian|Afroasiatic|Austroasiatic|Uralic|Altaic|Nostratic|Eurasiatic|Indo-European|Sino-Tibetan|"
      + "Tibeto-Burman|Kartvelian|Niger-Congo|Nilo-Saharan|Khoisan|Uto-Aztecan|Munda|Mon[-–]Khmer|Tai[-–]Kadai|"
      + "Hmong[-–]Mien|Eskimo[-–]Aleut|Urdu|Hindi|Farsi|Dari|Pashto|Tagalog|Mandarin|Cantonese|Hokkien|Telugu|"
      + "Kannada|Malayalam|Marathi|Sinhala|Papiamento)\\b");
  /**
   * A year after a name "sensu" opens: a taxonomic author cited (sensu Nelson 1994), not a place of publication
   * (Vienna 1876).
   */
  private static final Pattern CITED_YEAR = Pattern.compile(",? \\(?\\d{4}\\b");
  /** A surname particle after a given name: José Eduardo dos Santos, Vincent van Gogh, Ahmad ibn Hanbal. */
  private static final Pattern NAME_PARTICLE = Pattern.compile("\\p{Lu}\\p{L}+ (?:dos|das|van|von|ibn|bin|bint) $");
  private static final Pattern LIST_GOES_ON = Pattern.compile(",? (?:and|or) |, \\p{Lu}");
  private static final Pattern AND_OR_AFTER = Pattern.compile(" (?:and|or) ");
  /**
   * A demonym as a noun, the subject of what a script or language does or compared: "Thai has 59 symbols", "as
   * Spanish did with ch", "closer to Greek than".
   */
  private static final Pattern LANGUAGE_AS_SUBJECT = Pattern.compile(" (?:has|had|have|is|was|did|does|uses|used"
      + "|lacks|lacked|marks|marked|writes|wrote|distinguishes|employs|than|which)\\b");
  /** A word of the language and its gloss after a demonym: the Greek poda meaning "legs". */
  private static final Pattern GLOSSED = Pattern.compile("^ \\p{Ll}[\\p{L}()-]*,? (?:meaning|means)\\b");
  private static final Pattern AND_OR = Pattern.compile("\\b(?:and|or)\\s$");
  /** Capitalised words that are no part of a person's name: sentence openers and compass words (South India). */
  private static final Set<String> STOP_CAPITALS = Set.of("The", "A", "An", "In", "On", "At", "And", "Is", "Was",
      "I", "Of", "To", "For", "From", "By", "With", "As", "But", "Or", "It", "He", "She", "They", "We", "This", "That",
      "These", "Those", "One", "Two", "Three", "Each", "Every", "Some", "Many", "Most", "Both", "All", "Another",
      "Several", "Such", "Its", "His", "Her", "Their", "Our", "My", "When", "While", "After", "Before", "During",
      "Since", "If", "Although", "Under", "Near", "Across", "Throughout", "Within", "Like", "Unlike", "North",
      "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest", "Northern", "Southern", "Eastern",
      "Western", "Central", "Upper", "Lower", "Greater");
  private static final Set<Kind> SINGLE_PLACE = Set.of(Kind.CAPITAL, Kind.CITY, Kind.SUBNATIONAL_REGION);
  /** Words after a city that keep it a place: the Stockholm International Film Festival, Boston University. */
  private static final Set<String> INSTITUTIONS = Set.of("international", "film", "festival", "university",
      "college", "olympics", "marathon", "open", "outdoor", "indoor", "masters", "classic", "cup", "championships",
      "games", "trophy", "airport", "stock", "symphony", "zoo", "museum", "conference", "society", "institute",
      "academy", "school", "orchestra", "philharmonic", "opera", "observatory", "hospital", "library", "gallery",
      "exhibition", "expo", "biennale", "militia", "assembly", "general", "legislature", "senate", "guard", "national",
      "supreme", "court", "division", "company", "army", "navy", "regiment", "railroad", "railway", "department",
      "agreement", "accords", "wall", "metro", "city", "station", "port", "harbour", "harbor", "province",
      "state", "region", "county", "district", "metropolitan", "area");
  /** Among US places where India is not named: the French and Indian War, the Indian frontier of Texas. */
  private static final Set<String> NATIVE_AMERICAN_AFTER = Set.of("war", "wars", "frontier", "territory", "affairs",
      "removal", "agent", "agency", "raid", "raids", "settlements", "country", "lands");
  private static final Pattern INDIA_CONTEXT = Pattern.compile(
      "\\b(India|Delhi|Mumbai|Bombay|Calcutta|Kolkata|Hindu|Hindi|Bengal|Punjab|Gujarat|Kerala|Tamil|Raj)\\b");
  private static final Pattern US_CONTEXT = Pattern.compile(
      "\\b(Atlanta|Savannah|U\\.S\\.|USA|United States|America|American|Alabama|Florida|Tennessee|Carolina|Texas|"
          + "Ohio|California|state of Georgia|Georgia,? USA)\\b");
  private static final Pattern CAUCASUS_CONTEXT = Pattern.compile(
      "\\b(Tbilisi|Batumi|Caucasus|Caucasian|Sakartvelo|Armenia|Azerbaijan|Abkhazia|South Ossetia|Georgian)\\b");
  /** Ancient Macedon in a text, and North Macedonia: "Macedonian forces" of Alexander are no North Macedonians. */
  private static final Pattern MACEDON_CONTEXT = Pattern.compile("\\b(?:Alexander the Great|Philip II|Philip of "
      + "Macedon|Macedon|Antipater|Ptolem(?:y|aic)|Seleucid|Hellenistic|Argead|Pella|\\d+ BCE?)\\b");
  private static final Pattern NORTH_MACEDONIA_CONTEXT = Pattern.compile("\\b(?:North Macedonia|Republic of "
      + "Macedonia|Skopje|Ohrid|Yugoslav\\p{L}*|Kosovo|Montenegr\\p{L}*|Serbia\\p{L}*|Bulgaria\\p{L}*)\\b");
  /** Words before Rome that make it the ancient state: ancient Rome, Imperial Rome. */
  private static final Set<String> ANCIENT_ROME = Set.of("ancient", "Ancient", "Imperial", "Republican", "classical",
      "Classical");
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

  /** A match the rules accepted: its kind and the places it may stand for. */
  private record Mention(Kind kind, List<Target> targets, Set<String> countries) {
    Mention(Kind kind, List<Target> targets) {
      this(kind, targets, new HashSet<>());
      targets.forEach(t -> countries.add(t.countryCode() == null ? t.label() : t.countryCode()));
    }
  }

  public Result tag(String text, Hints hints) {
    Map<Target, Evidence> found = new LinkedHashMap<>();
    String body = text == null ? "" : text;
    boolean lowerCaseText = body.chars().noneMatch(Character::isUpperCase);
    Seen seen = new Seen();
    String language = hints == null ? null : hints.language();
    List<Mention> mentions = new ArrayList<>();
    for (Match m : gazetteer.find(body)) {
      String surface = body.substring(m.start(), m.end() + 1);
      // A surface's kinds in turn: if the rules reject one, another may still fit (Indiana: not the Italian
      // demonym of India mid-sentence, but the US state).
      // Somali: a name and a demonym; not Qatar, a demonym only in other languages, in English or unknown text
      boolean alsoDemonym = m.entries().stream().anyMatch(e -> e.kind() == Kind.DEMONYM
          && (!e.otherLanguagesOnly() || language != null && !language.equals("en")));
      for (Entry entry : m.entries()) {
        List<Target> targets = accept(body, m, entry, surface, lowerCaseText, language, alsoDemonym, seen);
        if (!targets.isEmpty()) {
          mentions.add(new Mention(entry.kind(), targets));
          break;
        }
      }
    }
    Set<String> named = new HashSet<>(); // countries a mention names without ambiguity
    for (Mention mention : mentions) {
      if (mention.countries().size() == 1) {
        named.addAll(mention.countries());
      }
    }
    for (Mention mention : mentions) {
      // A surface several countries share (Montana, Congo) goes to those the text names elsewhere, if any.
      List<Target> targets = mention.targets();
      if (mention.countries().size() > 1) {
        List<Target> supported = targets.stream().filter(t -> named.contains(t.countryCode())).toList();
        targets = supported.isEmpty() ? targets : supported;
      }
      String evidence = switch (mention.kind()) {
        case NAME, REGION, COMMUNITY -> "explicit_mention";
        case DEMONYM -> "demonym";
        case CAPITAL, SUBNATIONAL_REGION, CITY -> "geo_place";
      };
      for (Target t : targets) {
        double weight = weight(evidence) / targets.size();
        found.computeIfAbsent(t, k -> new Evidence()).add(evidence, "subject", weight);
        Target country = t.level().equals("country") ? null : gazetteer.country(t.countryCode());
        if (country != null) { // a place in a country is evidence for the country too
          found.computeIfAbsent(country, k -> new Evidence()).add(evidence, "subject", weight);
        }
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
   * The primary culture: the best-scored country at or above {@code tag.min_score}; {@code mul} when the best two
   * tie, as in a survey item asked in many countries; {@code und} when none qualifies. A subnational region (ISO
   * 3166-2) instead of its country when all of the country's evidence is that region's: the record is about it.
   */
  private String primary(List<Tag> tags) {
    List<Tag> countries = tags.stream().filter(t -> t.target().level().equals("country"))
        .filter(t -> t.score() >= settings.minScore).toList();
    if (countries.isEmpty()) {
      return UNKNOWN;
    }
    if (countries.size() > 1 && countries.get(0).score() - countries.get(1).score() < 0.01) {
      return MULTIPLE;
    }
    Tag best = countries.get(0);
    for (Tag t : tags) {
      if (t.target().subdivisionCode() != null && t.target().countryCode().equals(best.target().countryCode())
          && t.score() >= best.score() - 0.001) {
        return t.target().subdivisionCode();
      }
    }
    return best.target().countryCode();
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
  private List<Target> accept(String text, Match m, Entry candidate, String surface, boolean lowerCaseText,
      String language, boolean alsoDemonym, Seen seen) {
    String lower = surface.toLowerCase(Locale.ROOT);
    boolean capitalised = Character.isUpperCase(surface.codePointAt(0));
    if (capitalised && (seen.personNames.contains(lower) || seen.otherPlaces.contains(lower))) {
      return List.of(); // the person again: Stephen A. Douglas ... lost the race to Douglas
    }
    Kind kind = candidate.kind();
    String entry = candidate.surface();
    if (ABBREVIATION.matcher(entry).matches()) {
      return surface.equals(entry) ? candidate.targets() : List.of(); // US, not "us"
    }
    if (ENGLISH_WORD_NAMES.contains(lower) && (language == null || language.equals("en"))) {
      return List.of(); // Iceland is "Island" in German and the Nordic languages, not in English
    }
    boolean latin = isLatin(surface);
    if (candidate.otherLanguagesOnly() && "en".equals(language) && latin) {
      return List.of(); // Thailand's "Tai" (Estonian), Norwegian "islands", Dutch "Fine": in English, other words
    }
    boolean atSentenceStart = sentenceStart(text, m.start());
    if (kind != Kind.COMMUNITY && latin && !candidate.anyCase()
        && !casingFits(entry, surface, atSentenceStart)
        && (!lowerCaseText || COMMON_WORDS.contains(lower))) {
      return List.of(); // "turkey" in capitalised text is the bird; in all-lower-case text it may be either
    }
    String next = word(text, m.end() + 1, true);
    String previous = word(text, m.start() - 1, false);
    String nextLower = next.toLowerCase(Locale.ROOT);
    if (COMMON_WORDS.contains(lower) && !capitalised && (language == null || language.equals("en"))) {
      return List.of(); // china, turkey: English words (Spanish "china" is Chinese in Spanish text)
    }
    if (WATER.contains(nextLower) || WATER_BEFORE.matcher(before(text, m.start(), 20)).find()
        || LIST_GOES_ON.matcher(text).region(m.end() + 1, Math.min(text.length(), m.end() + 7)).lookingAt()
            && LIST_THEN_WATER.matcher(text).region(m.end() + 1, Math.min(text.length(), m.end() + 120)).lookingAt()) {
      return List.of(); // the Indian Ocean, the Gulf of Mexico, the Suez Canal, the Angola and Brazil basins
    }
    if ((kind == Kind.NAME || kind == Kind.DEMONYM) && NAMED_AFTER.contains(next)) {
      return List.of(); // a plantation named China Grove
    }
    if (previous.equals("New") && capitalised) {
      return List.of(); // another place named after it: New Guinea, New England, New London
    }
    if (previous.equals("Caucasian") && capitalised) {
      seen.otherPlaces.add(lower);
      return List.of(); // Caucasian Albania, an ancient realm; "Albania" after it in the text is the same
    }
    if (lower.equals("georgian") && (GEORGIAN_ERA_BEFORE.contains(previous) || GEORGIAN_ERA.contains(nextLower))) {
      return List.of(); // the British era of the four Georges: Georgian architecture, an Early Georgian pamphlet
    }
    if (lower.startsWith("macedonia") && seen.has(MACEDON_CONTEXT, text) && !seen.has(NORTH_MACEDONIA_CONTEXT, text)) {
      return List.of(); // Alexander's Macedonians, the Macedonian palace, anti-Macedonian sentiment in Athens
    }
    if (lower.equals("rome") && ANCIENT_ROME.contains(previous)) {
      return List.of(); // the Roman state, no more Italy than "Roman" is
    }
    if (latin && surface.length() >= 3 && surface.equals(surface.toUpperCase(Locale.ROOT))
        && !entry.equals(entry.toUpperCase(Locale.ROOT)) && !isUpperCaseWord(previous) && !isUpperCaseWord(next)) {
      return List.of(); // an acronym: GUAM (Georgia, Ukraine, Azerbaijan, Moldova), CHAD
    }
    boolean demonym = kind == Kind.DEMONYM || alsoDemonym; // Somali: a name and a demonym
    if ((nextLower.equals("peninsula") || next.equals("Isles")) && (kind == Kind.NAME || demonym)) {
      return List.of(); // the Italian Peninsula, the British Isles: landmasses (the Yucatán Peninsula is Mexico's)
    }
    String after = word(text, skipComma(text, m.end() + 1), true).toLowerCase(Locale.ROOT);
    if (text.startsWith("by ", m.start() - 3) && CREDITED.matcher(before(text, m.start(), 20)).find()) {
      return List.of(); // a band: a song by Japan
    }
    if (previous.equals("Air") && capitalised && (kind == Kind.NAME || demonym)) {
      return List.of(); // an airline: Air France, Air India
    }
    if (demonym && VENUES.contains(next)) {
      return List.of(); // Grauman's Egyptian Theatre
    }
    if (demonym && (LANGUAGE_NOUNS.contains(nextLower) || followedBy(text, m.end() + 1, ':')
        || LANGUAGE_NOUNS.contains(after)
        || !next.isEmpty() && Character.isLowerCase(next.codePointAt(0)) && !next.equals("and") && !next.equals("or")
            && LINGUISTIC_NOUNS.contains(word(text, m.end() + 2 + next.length(), true)) // a Greek numerical prefix
        || !capitalised && LANGUAGE_NOUNS.contains(previous.toLowerCase(Locale.ROOT))
        || LINGUISTIC_NOUN_IS.matcher(before(text, m.start(), 40)).find()
        || GLOSSED.matcher(text).region(m.end() + 1, Math.min(text.length(), m.end() + 40)).lookingAt()
        || !next.isEmpty() && latin && !isLatin(next)
        || LANGUAGE_STAGES.contains(previous) && capitalised
        || LANGUAGE_VERB.matcher(before(text, m.start(), 60)).find()
            && (next.isEmpty() || !Character.isLowerCase(next.codePointAt(0)) || AFTER_LANGUAGE.contains(next)
                || next.equals("and") || next.equals("or"))
        || inListOfLanguages(text, m, seen)
        || ROMANCE_ARTICLE.matcher(before(text, m.start(), 4)).find()
        || FROM_THE.matcher(before(text, m.start(), 20)).find()
            && (next.isEmpty() || kind == Kind.DEMONYM && AFTER_LANGUAGE.contains(next)
                || !Character.isUpperCase(next.codePointAt(0))
                && (!isLatin(next) || FROM.matcher(before(text, m.start(), 20)).find()
                    && ETYMOLOGY.matcher(sentence(text, m.start())).find()
                    && !isPartOfName(word(text, m.end() + 2 + next.length(), true)))))) {
      // the language: the Greek alphabet, (Greek: ...), Greek ἄβαξ, Old French, from the Italian altrui, published
      // in Polish by (not "from the Greek historian Polybius": a person's nationality)
      return List.of();
    }
    if (SINGLE_PLACE.contains(kind) && capitalised && lower.indexOf(' ') < 0 && latin
        && (isPartOfName(next) && !INSTITUTIONS.contains(nextLower) && !isTeam(previous, next)
            || isPartOfName(previous) && !atSentenceStart || afterInitial(text, m.start())
            || afterParticle(text, m.start()))) {
      seen.personNames.add(lower);
      return List.of(); // part of a person's name: Mary Douglas, Frank Hamilton Cushing, Brent Berlin
    }
    if ((SINGLE_PLACE.contains(kind) || GIVEN_NAMES.contains(lower)) && capitalised && next.equals("the")
        && isPartOfName(word(text, text.indexOf(next, m.end() + 1) + next.length(), true))) {
      seen.personNames.add(lower);
      return List.of(); // a person with an epithet: Mary the Jewess, Paris the Trojan prince (not "Athens the Greek")
    }
    if (SINGLE_PLACE.contains(kind) && capitalised && previous.equals("sensu") && CITED_YEAR.matcher(text)
        .region(m.end() + 1, Math.min(text.length(), m.end() + 9)).lookingAt()) {
      seen.personNames.add(lower);
      return List.of(); // an author cited: Euacanthomorphacea sensu Nelson 1994
    }
    if (SINGLE_PLACE.contains(kind) && TREATY_OR_FEAST_OF.matcher(before(text, m.start(), 12)).find()) {
      return List.of(); // a treaty's name (the Treaty of Paris) or a saint's day (Dia di San Juan), not the city
    }
    if (SINGLE_PLACE.contains(kind) && text.startsWith("-et-", m.end() + 1)) {
      return List.of(); // the first half of a French compound name: Maine-et-Loire, Indre-et-Loire
    }
    if (SINGLE_PLACE.contains(kind) && inAnotherCountrysRegion(text, m, candidate.targets())) {
      return List.of(); // a town named after the city: Rome, Wisconsin; Paris, Texas; London, Ontario
    }
    if (lower.startsWith("indian") && previous.equals("West") && capitalised) {
      return List.of(); // West Indian: of the Caribbean
    }
    if (lower.equals("guinea") && NOT_GUINEA.contains(nextLower)) {
      return List.of();
    }
    if (GIVEN_NAMES.contains(lower) && capitalised
        && PERSON_AFTER.matcher(text.substring(m.end() + 1, Math.min(text.length(), m.end() + 12))).find()) {
      seen.personNames.add(lower);
      return List.of(); // a person: "killed by Paris, who shot him"; "Victoria, Queen of Canada"
    }
    if (capitalised && atSentenceStart && latin && !candidate.anyCase()
        && !entry.equals(entry.toLowerCase(Locale.ROOT))
        && seen.inLowerCase.computeIfAbsent(lower, w -> usedInLowerCase(text, w))) {
      return List.of(); // the word the text also writes in lower case: "(laos) 'a people' ... Laos has been construed"
    }
    if (GIVEN_NAMES.contains(lower) && capitalised
        && (isCapitalisedName(next) || isCapitalisedName(previous) && !atSentenceStart)) {
      seen.personNames.add(lower);
      return List.of(); // Michael Jordan, Chad Smith, Victoria Beckham
    }
    if (lower.equals("georgia") && seen.has(US_CONTEXT, text) && !seen.has(CAUCASUS_CONTEXT, text)) {
      return List.of(US_GEORGIA);
    }
    if ((lower.equals("indian") || lower.equals("indians")) && (previous.equals("American")
        || previous.equals("Native") || nextLower.matches("reservation|reservations|tribe|tribes|nation|nations")
        || (lower.equals("indians") || NATIVE_AMERICAN_AFTER.contains(nextLower))
            && seen.has(US_CONTEXT, text) && !seen.has(INDIA_CONTEXT, text)
        || isCapitalisedName(previous) && !sentenceStart(text, m.start() - 1 - previous.length())
            && !seen.has(INDIA_CONTEXT, text))) {
      return culture("Native American"); // also the French and Indian War, Indians in northern Texas, a Cree Indian
    }
    return candidate.targets();
  }

  /**
   * Whether the text is written in the entry's case where the entry has capitals (Netherlands, not netherlands;
   * a leading "the" aside). An entry in lower case (français, español, spanisch: its language writes demonyms so)
   * matches lower case, or a capital at a sentence start; a capitalised "Britannica" mid-sentence is a name.
   */
  private static boolean casingFits(String entry, String surface, boolean atSentenceStart) {
    if (entry.chars().noneMatch(Character::isUpperCase)) {
      return Character.isLowerCase(surface.codePointAt(0)) || atSentenceStart;
    }
    int from = entry.regionMatches(true, 0, "the ", 0, 4) ? 4 : 0;
    for (int i = from; i < Math.min(entry.length(), surface.length()); i++) {
      if (Character.isUpperCase(entry.charAt(i)) && !Character.isUpperCase(surface.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the place is followed by ", " and a subnational region none of its countries has (Rome, Wisconsin), and
   * that is not a list going on (Bavaria, Catalonia and Lombardy). The region may be up to three words long (New
   * South Wales).
   */
  private boolean inAnotherCountrysRegion(String text, Match m, List<Target> targets) {
    int from = m.end() + 1;
    if (!text.startsWith(", ", from) || before(text, m.start(), 2).equals(", ")
        || AND_OR.matcher(before(text, m.start(), 5)).find()) {
      return false; // not "Rome, Wisconsin" but a list (London, New York 1973)
    }
    from += 2;
    int end = from;
    for (int words = 0; words < 3; words++) {
      String word = word(text, end, true);
      if (word.isEmpty() || !Character.isUpperCase(word.codePointAt(0))) {
        return false;
      }
      end = text.indexOf(word, end) + word.length();
      List<Entry> entries = gazetteer.entries(text.substring(from, end));
      if (entries.stream().anyMatch(e -> e.kind() == Kind.CITY || e.kind() == Kind.CAPITAL)) {
        return false; // two cities: Bern, New York
      }
      for (Entry e : entries) {
        if (e.kind() == Kind.SUBNATIONAL_REGION) {
          return !LIST_GOES_ON.matcher(text).region(end, Math.min(text.length(), end + 30)).lookingAt()
              && e.targets().stream().noneMatch(region -> targets.stream()
              .anyMatch(t -> t.countryCode() != null && t.countryCode().equals(region.countryCode())));
        }
      }
    }
    return false;
  }

  /** "the Denver Broncos", "the Pittsburgh Steelers": a team, its city a place. */
  private static boolean isTeam(String previous, String next) {
    return previous.equals("the") && next.length() > 3 && next.endsWith("s");
  }

  /** Right after a surname particle (José Eduardo dos Santos): part of a person's name. */
  private static boolean afterParticle(String text, int start) {
    return NAME_PARTICLE.matcher(before(text, start, 30)).find();
  }

  /** Right after an initial (Gino M. Santos): part of a person's name. */
  private static boolean afterInitial(String text, int start) {
    return start >= 3 && text.charAt(start - 1) == ' ' && text.charAt(start - 2) == '.'
        && Character.isUpperCase(text.charAt(start - 3)) && (start == 3 || text.charAt(start - 4) == ' ');
  }

  private static boolean followedBy(String text, int from, char c) {
    int i = from;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i < text.length() && text.charAt(i) == c;
  }

  /**
   * Whether a capitalised word next to a one-word place makes the place part of a name: any capitalised word but a
   * country's name or demonym (Atlanta Georgia stays a place; Mary Douglas, Stanley Diamond are people).
   */
  private boolean isPartOfName(String word) {
    if (word.isEmpty() || !Character.isUpperCase(word.codePointAt(0)) || STOP_CAPITALS.contains(word)) {
      return false;
    }
    return gazetteer.entries(word).stream().noneMatch(e -> e.kind() == Kind.NAME || e.kind() == Kind.DEMONYM);
  }

  /**
   * A demonym in an enumeration of languages (commas, and/or, or one per line) with language- or script-only names
   * (Arabic, Greek, Latin, Cyrillic; Greek or Latin root; Berber / Chadic / Egyptian / Semitic), joined to one by a
   * hyphen or "with" (Chadic-Berber-Egyptian, Chadic with Egyptian),
   * after "languages are" or before "are spoken" (the official language is Catalan; Spanish, Portuguese and French
   * are also spoken). In a text about languages, also a demonym listed or standing as a noun, before a parenthesis
   * or a verb (Vietnamese (a true alphabet), Thai has 59 symbols), unless it names a people (Turks; ancestors).
   */
  private static boolean inListOfLanguages(String text, Match m, Seen seen) {
    int end = m.end() + 1;
    if (LIST_THEN_SPOKEN.matcher(text.substring(end, Math.min(text.length(), end + 120))).find()
        || LANGUAGES_THEN_LIST.matcher(before(text, m.start(), 120)).find()) {
      return true;
    }
    for (String joiner : LANGUAGE_JOINERS) { // Chadic-Berber-Egyptian, Chadic with Egyptian (not Azerbaijani-Israeli)
      int before = m.start() - joiner.length();
      if (before > 0 && text.startsWith(joiner, before)
          && LANGUAGE_ONLY.matcher(word(text, before - 1, false)).matches()
          || text.startsWith(joiner, end) && LANGUAGE_ONLY.matcher(word(text, end + joiner.length(), true)).matches()) {
        return true;
      }
    }
    boolean listed = followedBy(text, end, ',') || followedBy(text, end, ')') || followedBy(text, end, '\n')
        || before(text, m.start(), 2).contains(",") || before(text, m.start(), 1).equals("\n")
        || AND_OR.matcher(before(text, m.start(), 5)).find()
        || AND_OR_AFTER.matcher(text).region(end, Math.min(text.length(), end + 5)).lookingAt();
    if (listed && LANGUAGE_ONLY.matcher(text).region(Math.max(0, m.start() - 80),
        Math.min(text.length(), end + 80)).find()) {
      return true;
    }
    if (!seen.aboutLanguages(text) || text.charAt(m.end()) == 's') { // Turks, Greeks: peoples, never languages
      return false;
    }
    String next = word(text, end, true);
    // Listed, or before a parenthesis, a verb or one of its letters (the French é, Slovak č, Greek Y; not an
    // initial: J. Smith)
    boolean noun = listed || followedBy(text, end, '(')
        || LANGUAGE_AS_SUBJECT.matcher(text).region(end, text.length()).lookingAt()
        || next.length() == 1 && (Character.isLowerCase(next.charAt(0)) || !followedBy(text, end + 2, '.'));
    return noun && !PEOPLE_NOUNS.matcher(sentence(text, end)).find();
  }

  /** The sentence around {@code at}: from the last full stop, question or exclamation mark before it to the next. */
  private static String sentence(String text, int at) {
    int from = at;
    while (from > 0 && ".!?\n".indexOf(text.charAt(from - 1)) < 0) {
      from--;
    }
    int to = at;
    while (to < text.length() && ".!?\n".indexOf(text.charAt(to)) < 0) {
      to++;
    }
    return text.substring(from, to);
  }

  /** Whether the text has {@code lower} as a whole word in lower case: then it is that word, not a name. */
  private static boolean usedInLowerCase(String text, String lower) {
    for (int i = text.indexOf(lower); i >= 0; i = text.indexOf(lower, i + 1)) {
      int end = i + lower.length();
      if ((i == 0 || !Character.isLetter(text.charAt(i - 1)))
          && (end == text.length() || !Character.isLetter(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  /** The (at most) {@code length} characters before {@code start}: the rules look back a few words only. */
  private static String before(String text, int start, int length) {
    return text.substring(Math.max(0, start - length), start);
  }

  private static int skipComma(String text, int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  /** A word of two letters or more all in capitals: next to one, a name in capitals is shouted, no acronym. */
  private static boolean isUpperCaseWord(String word) {
    return word.length() >= 2 && word.chars().allMatch(Character::isUpperCase);
  }

  private boolean isCapitalisedName(String word) {
    return !word.isEmpty() && Character.isUpperCase(word.codePointAt(0)) && gazetteer.entries(word).isEmpty()
        && !STOP_CAPITALS.contains(word);
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

  /** What the rules learnt of a text so far: one sense per text. */
  private static final class Seen {
    /** Places seen as part of a person's name (Stephen A. Douglas ... Douglas). */
    final Set<String> personNames = new HashSet<>();
    /** Names seen as another place (Caucasian Albania ... Albania). */
    final Set<String> otherPlaces = new HashSet<>();
    /** Names the text also writes in lower case, as words (laos), looked up once per name. */
    final Map<String, Boolean> inLowerCase = new HashMap<>();
    /** Whether the text has a match of a context pattern (US places, ancient Macedon...), looked up once each. */
    private final Map<Pattern, Boolean> contexts = new HashMap<>();
    /** Whether the text is about languages (words of linguistics three times or more), looked up once. */
    private Boolean aboutLanguages;

    boolean aboutLanguages(String text) {
      if (aboutLanguages == null) {
        int count = 0;
        for (int i = 0; i < LINGUISTIC_WORDS.size() && count < 3; i++) {
          count += LINGUISTIC_WORDS.get(i).count(text, 3 - count);
        }
        aboutLanguages = count >= 3;
      }
      return aboutLanguages;
    }

    boolean has(Pattern context, String text) {
      return contexts.computeIfAbsent(context, p -> p.matcher(text).find());
    }
  }

  /**
   * A word of linguistics, capitalised or not, as a whole word; with a plural "s" if {@code plural}, with any ending
   * if {@code prefix} (linguist, linguistic, linguistics).
   */
  private record LinguisticWord(String word, boolean plural, boolean prefix) {
    int count(String text, int atMost) {
      String rest = word.substring(1);
      char lower = word.charAt(0);
      char upper = Character.toUpperCase(lower);
      int count = 0;
      for (int i = text.indexOf(rest, 1); i > 0 && count < atMost; i = text.indexOf(rest, i + 1)) {
        char first = text.charAt(i - 1);
        if (first != lower && first != upper || i >= 2 && isWordChar(text.charAt(i - 2))) {
          continue;
        }
        int end = i + rest.length();
        if (prefix) {
          count++;
          continue;
        }
        if (plural && end < text.length() && text.charAt(end) == 's') {
          end++;
        }
        if (end >= text.length() || !isWordChar(text.charAt(end))) {
          count++;
        }
      }
      return count;
    }

    private static boolean isWordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }
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
