package io.tessera.bench;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.pipeline.Pipeline;
import io.tessera.tagging.CultureTagger;
import io.tessera.tagging.Gazetteer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Precision and recall of country mentions against hand annotation (run: scripts/bench mentions [--dump DIR]): the
 * English Wikipedia sets below, then, given {@code --devset DIR --udhr DIR} (scripts/bench passes them), the
 * multilingual set of {@link LanguageMentionEval} per language; {@code --languages-only} runs that part alone.
 *
 * <p>Sets of pages, each excerpt the opening {@value #EXCERPT} characters of Tessera's cleaned text (cut at a
 * space), enwiki articles counted in doc_id order:
 * <ul>
 *   <li>dev: the 0th, 5th, 10th... enwiki articles and the first article of the de (id1), es, fr, pt and ru
 *       fragments; the tagger's rules were revised while looking at its errors here;</li>
 *   <li>test: the 2nd, 7th, 12th... and the de (id5, id81, id111), nl, pl and ca fragments, annotated after the
 *       first revision, run once, then looked at for a second;</li>
 *   <li>heldout: the 4th, 9th, 14th... and the zh and simple-English fragments, annotated after a third revision,
 *       run once, then looked at for a fourth;</li>
 *   <li>heldout2: the 1st, 6th, 11th..., annotated after the fourth revision, run once, then looked at for a
 *       fifth;</li>
 *   <li>heldout3: the 3rd, 8th, 13th..., annotated after the fifth revision, run once, then looked at for a
 *       sixth;</li>
 *   <li>heldout4: text no set had: the next {@value #EXCERPT} characters after the opening excerpt of the 0th,
 *       5th, 10th... enwiki articles (where the article goes on that long), and the openings of the five pages of
 *       the table-markup fixture; annotated after the sixth revision, run once, then looked at for a seventh;</li>
 *   <li>heldout5: the same next {@value #EXCERPT} characters of the 2nd, 7th, 12th... enwiki articles, annotated
 *       after the seventh revision, run once, then looked at for an eighth;</li>
 *   <li>heldout6: the same of the 1st, 4th, 6th, 9th... (i % 5 = 1 or 4), annotated after the eighth revision, run
 *       once, then looked at for a ninth;</li>
 *   <li>heldout7: the same of the 3rd, 8th, 13th..., annotated after the ninth revision, run once, then looked at
 *       for a tenth (the gazetteer's municipalities);</li>
 *   <li>heldout8: the third {@value #EXCERPT} characters ("enwiki#3:") of the 0th, 2nd, 5th, 7th... (i % 5 = 0 or
 *       2), annotated after the tenth revision, run once, then looked at for an eleventh;</li>
 *   <li>heldout9: the third {@value #EXCERPT} characters of the others (i % 5 = 1, 3 or 4), annotated after the
 *       eleventh revision, run once, then looked at for a twelfth;</li>
 *   <li>heldout10: the fourth {@value #EXCERPT} characters ("enwiki#4:") of every other article (the 0th, 2nd,
 *       4th...), annotated after the twelfth revision, run once;</li>
 *   <li>heldout11: the fourth {@value #EXCERPT} characters of the other articles (the 1st, 3rd...), annotated after
 *       the matcher, the Arabic, Hebrew, German and Polish forms and the demonyms made from language names (no
 *       change to English text since the twelfth revision), run once, then looked at for a thirteenth;</li>
 *   <li>heldout12: the fifth {@value #EXCERPT} characters ("enwiki#5:") of every other article (the 0th, 2nd,
 *       4th...), annotated after the thirteenth revision, run once, then looked at for a fourteenth;</li>
 *   <li>heldout13: the fifth {@value #EXCERPT} characters of the other articles (the 1st, 3rd...), annotated after
 *       the fourteenth revision, run once, then looked at for a fifteenth;</li>
 *   <li>heldout14: the sixth {@value #EXCERPT} characters ("enwiki#6:") of every other article (the 0th, 2nd,
 *       4th...), annotated after the fifteenth revision, run once, then looked at for a sixteenth;</li>
 *   <li>heldout15: the sixth {@value #EXCERPT} characters of the other articles (the 1st, 3rd...), annotated after
 *       the sixteenth revision, run once, then looked at for a seventeenth;</li>
 *   <li>heldout16: the seventh {@value #EXCERPT} characters ("enwiki#7:") of every other article (the 0th, 2nd,
 *       4th...), annotated after the seventeenth revision, run once, then looked at for an eighteenth;</li>
 *   <li>heldout17: the seventh {@value #EXCERPT} characters of the other articles (the 1st, 3rd...), annotated
 *       after the eighteenth revision, run once, then looked at for a nineteenth;</li>
 *   <li>heldout18: the eighth {@value #EXCERPT} characters ("enwiki#8:") of every other article (the 0th, 2nd,
 *       4th...), annotated after the nineteenth revision, run once, then looked at for a twentieth;</li>
 *   <li>heldout19: the eighth {@value #EXCERPT} characters of the other articles (the 1st, 3rd...), annotated after
 *       the twentieth revision, run once, then looked at for a twenty-first;</li>
 *   <li>heldout20: the ninth {@value #EXCERPT} characters ("enwiki#9:") of every article that goes on that long,
 *       annotated after the twenty-first revision, run once, then looked at for a twenty-second;</li>
 *   <li>heldout21: the tenth {@value #EXCERPT} characters ("enwiki#10:") of every article that goes on that long,
 *       annotated after the twenty-second revision, run once, then looked at for a twenty-third;</li>
 *   <li>heldout22 and heldout23: the eleventh and twelfth {@value #EXCERPT} characters ("enwiki#11:",
 *       "enwiki#12:") of every article that goes on that long, both annotated after the twenty-third revision, run
 *       once, then looked at for a twenty-fourth;</li>
 *   <li>heldout24: the thirteenth and fourteenth {@value #EXCERPT} characters ("enwiki#13:", "enwiki#14:") of every
 *       article that goes on that long, annotated after the twenty-fourth revision, run once, then looked at for a
 *       twenty-fifth;</li>
 *   <li>heldout25: the fifteenth and sixteenth {@value #EXCERPT} characters ("enwiki#15:", "enwiki#16:") of every
 *       article that goes on that long, annotated after the twenty-fifth revision, run once, then looked at for a
 *       twenty-sixth.</li>
 * </ul>
 * Each set was annotated by reading its excerpts ({@code --dump} writes them) before the tagger ran on them. The
 * tagger gets the text and its language (the wiki's, as language ID would give it), no other metadata. The gold,
 * {@code jobs/src/test/resources/tagging/country-mentions.tsv}, lists per page every country the excerpt refers to
 * by name, demonym or adjective, or through a place inside it (capital, city, region). A page's predicted countries
 * are its country-level tags from the text alone (no metadata) with at least {@code tag.min_score}.
 */
public final class MentionEval {
  static final int EXCERPT = 1500;
  /** Other values of {@code tag.min_score} the report shows precision and recall at. */
  private static final double[] THRESHOLDS = {0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8};
  /** The sets in the order they were annotated. */
  private static final List<String> SETS = List.of("dev", "test", "heldout", "heldout2", "heldout3", "heldout4",
      "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12",
      "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20",
      "heldout21", "heldout22", "heldout23", "heldout24", "heldout25");
  private static final String GOLD = "tagging/country-mentions.tsv";

  public static void main(String[] args) throws Exception {
    Map<String, Path> options = new LinkedHashMap<>();
    boolean languagesOnly = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--languages-only")) {
        languagesOnly = true;
      } else if (List.of("--dump", "--devset", "--udhr").contains(args[i]) && i + 1 < args.length) {
        options.put(args[i], Path.of(args[++i]));
      } else {
        throw new IllegalArgumentException("usage: MentionEval [--dump DIR] [--devset DIR --udhr DIR]"
            + " [--languages-only]");
      }
    }
    Path devset = options.get("--devset");
    if (devset != null && options.containsKey("--dump")) {
      LanguageMentionEval.dump(devset, options.get("--udhr"), options.get("--dump"));
    }
    if (!languagesOnly) {
      english(options.get("--dump"));
    }
    if (devset != null && !options.containsKey("--dump")) {
      System.out.println();
      LanguageMentionEval.run(devset, options.get("--udhr"));
    }
  }

  /** The English Wikipedia sets (the class comment), or with a folder, their excerpts written there. */
  private static void english(Path dump) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("mention-eval")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Map<String, Excerpt> excerpts = excerpts(spark, TestBase.fixtures());
    spark.stop();
    if (dump != null) {
      Path dir = Files.createDirectories(dump);
      int i = 0;
      for (Map.Entry<String, Excerpt> e : excerpts.entrySet()) {
        Files.writeString(dir.resolve(String.format("%s-%02d.txt", e.getValue().set(), i++)),
            e.getKey() + "\n\n" + e.getValue().text() + "\n");
      }
      System.out.println(excerpts.size() + " excerpts written to " + dir);
      return;
    }
    Map<String, Set<String>> gold = gold();
    CultureTagger tagger = new CultureTagger(Gazetteer.get(), new TagSettings());
    double minScore = new TagSettings().minScore;
    Map<String, int[]> counts = new TreeMap<>(Comparator.comparingInt(SETS::indexOf)); // pages, hits, tagged, gold
    int[][] byThreshold = new int[THRESHOLDS.length][2]; // hits, tagged: every set, at other tag.min_score values
    System.out.println("| set | page | gold | tagged | missed | extra |");
    System.out.println("|---|---|---|---|---|---|");
    for (Map.Entry<String, Excerpt> e : excerpts.entrySet()) {
      Set<String> expected = gold.get(e.getKey());
      if (expected == null) {
        throw new IllegalStateException("no gold for page " + e.getKey() + " in " + GOLD);
      }
      // The page's language, as language ID gives it in a run; no other metadata.
      List<CultureTagger.Tag> tags = tagger.tag(e.getValue().text(), hints(e.getKey().substring(0, 2))).tags();
      Set<String> predicted = countries(tags, minScore);
      for (int i = 0; i < THRESHOLDS.length; i++) {
        for (CultureTagger.Tag t : tags) {
          if (t.target().level().equals("country") && t.score() >= THRESHOLDS[i]) {
            byThreshold[i][0] += expected.contains(t.target().countryCode()) ? 1 : 0;
            byThreshold[i][1]++;
          }
        }
      }
      Set<String> hit = new TreeSet<>(predicted);
      hit.retainAll(expected);
      Set<String> missed = new TreeSet<>(expected);
      missed.removeAll(predicted);
      Set<String> extra = new TreeSet<>(predicted);
      extra.removeAll(expected);
      int[] c = counts.computeIfAbsent(e.getValue().set(), k -> new int[4]);
      c[0]++;
      c[1] += hit.size();
      c[2] += predicted.size();
      c[3] += expected.size();
      System.out.printf("| %s | %s | %d | %d | %s | %s |%n", e.getValue().set(), e.getKey(), expected.size(),
          predicted.size(), String.join(" ", missed), String.join(" ", extra));
    }
    System.out.println();
    int[] all = new int[4];
    counts.forEach((set, c) -> {
      for (int i = 0; i < all.length; i++) {
        all[i] += c[i];
      }
    });
    System.out.println();
    System.out.println("| tag.min_score | precision | recall (all sets, current rules) |");
    System.out.println("|---|---|---|");
    for (int i = 0; i < THRESHOLDS.length; i++) {
      System.out.printf("| %.2f | %.3f | %.3f |%n", THRESHOLDS[i], (double) byThreshold[i][0] / byThreshold[i][1],
          (double) byThreshold[i][0] / all[3]);
    }
    System.out.println();
    Map<String, int[]> report = new LinkedHashMap<>(counts);
    report.put("all sets", all);
    report.forEach((set, c) -> System.out.printf("%s: %d pages, %d gold country mentions (page × country), %d tagged:"
        + " precision %.3f, recall %.3f%n", set, c[0], c[3], c[2], (double) c[1] / c[2], (double) c[1] / c[3]));
  }

  /** What the tagger is given besides the text: the language, as language ID gives it in a run; no metadata. */
  static CultureTagger.Hints hints(String language) {
    return new CultureTagger.Hints(language, null, null, null, List.of(), List.of());
  }

  /** A text's predicted countries: its country-level tags with at least {@code minScore}. */
  static Set<String> countries(List<CultureTagger.Tag> tags, double minScore) {
    Set<String> countries = new TreeSet<>();
    for (CultureTagger.Tag t : tags) {
      if (t.target().level().equals("country") && t.score() >= minScore) {
        countries.add(t.target().countryCode());
      }
    }
    return countries;
  }

  /** An excerpt and its set (see the class comment). */
  record Excerpt(String set, String text) {}

  /** Page key (file:title) → excerpt, in a fixed order. */
  static Map<String, Excerpt> excerpts(SparkSession spark, Path fixtures) {
    Map<String, Excerpt> out = new LinkedHashMap<>();
    List<Row> en = read(spark, "wikipedia-xml=" + fixtures.resolve("wikipedia/enwiki-pages-articles-excerpt.xml.bz2"));
    for (int i = 0; i < en.size(); i++) {
      String set = switch (i % 5) {
        case 0 -> "dev";
        case 1 -> "heldout2";
        case 2 -> "test";
        case 3 -> "heldout3";
        default -> "heldout";
      };
      out.put("enwiki:" + en.get(i).getString(0), new Excerpt(set, cut(en.get(i).getString(1))));
    }
    for (int i = 0; i < en.size(); i++) {
      String second = switch (i % 5) {
        case 0 -> "heldout4";
        case 2 -> "heldout5";
        case 1, 4 -> "heldout6";
        default -> "heldout7";
      };
      List<String> sets = List.of(second, i % 5 == 0 || i % 5 == 2 ? "heldout8" : "heldout9",
          i % 2 == 0 ? "heldout10" : "heldout11", i % 2 == 0 ? "heldout12" : "heldout13",
          i % 2 == 0 ? "heldout14" : "heldout15", i % 2 == 0 ? "heldout16" : "heldout17",
          i % 2 == 0 ? "heldout18" : "heldout19", "heldout20", "heldout21", "heldout22",
          "heldout23", "heldout24", "heldout24", "heldout25", "heldout25");
      List<String> windows = windows(en.get(i).getString(1), 1 + sets.size());
      for (int w = 1; w < windows.size(); w++) {
        out.put("enwiki#" + (w + 1) + ":" + en.get(i).getString(0), new Excerpt(sets.get(w - 1), windows.get(w)));
      }
    }
    for (Row page : read(spark, "wikipedia-xml=" + fixtures.resolve("wikipedia/enwiki-table-markup.xml.bz2"))) {
      out.put("enwiki-table-markup:" + page.getString(0), new Excerpt("heldout4", cut(page.getString(1))));
    }
    Map<String, String> fragments = new LinkedHashMap<>();
    for (String file : List.of("dewiki-20130602-id1.xml", "eswiki-test.xml", "frwiki-20121230-id3.xml",
        "ptwiki-test.xml", "ruwiki-test.xml")) {
      fragments.put(file, "dev");
    }
    for (String file : List.of("dewiki-20130602-id5.xml", "dewiki-20130602-id81.xml", "dewiki-20130602-id111.xml",
        "nlwiki-test.xml", "plwiki-test.xml", "cawiki-test.xml")) {
      fragments.put(file, "test");
    }
    for (String file : List.of("zhwiki-20150423-id13.xml", "simplewiki-20161220-id6.xml")) {
      fragments.put(file, "heldout");
    }
    fragments.forEach((file, set) -> {
      List<Row> pages = read(spark, "wikipedia-xml=" + fixtures.resolve("wikipedia/fragments/" + file));
      out.put(file + ":" + pages.get(0).getString(0), new Excerpt(set, cut(pages.get(0).getString(1))));
    });
    return out;
  }

  private static List<Row> read(SparkSession spark, String source) {
    String dir = System.getProperty("java.io.tmpdir") + "/mention-eval/" + Integer.toHexString(source.hashCode());
    TesseraConfig config = ConfigLoader.quick(List.of(source), dir, List.of("run.stages=[ingest]"));
    new Pipeline(spark, config).execute();
    return spark.read().parquet(Pipeline.paths(config).stageData("ingest")).orderBy("doc_id")
        .select("title", "text").collectAsList();
  }

  /**
   * A text's opening excerpt, then each next {@value #EXCERPT} characters as far as the text goes on that long, at
   * most {@code most} excerpts in all.
   */
  private static List<String> windows(String text, int most) {
    List<String> windows = new ArrayList<>(List.of(cut(text)));
    String rest = text.substring(windows.get(0).length()).strip();
    while (windows.size() < most && rest.length() >= EXCERPT) {
      String window = cut(rest);
      windows.add(window);
      rest = rest.substring(window.length()).strip();
    }
    return windows;
  }

  private static String cut(String text) {
    if (text.length() <= EXCERPT) {
      return text;
    }
    int space = text.lastIndexOf(' ', EXCERPT);
    return text.substring(0, space > 0 ? space : EXCERPT);
  }

  static Map<String, Set<String>> gold() throws Exception {
    Map<String, Set<String>> gold = new LinkedHashMap<>();
    for (String[] f : goldRows(GOLD, "page")) {
      gold.put(f[0], codes(f[1]));
    }
    return gold;
  }

  /**
   * The rows of a tab-separated gold file on the test classpath, split into fields: its comments, blank lines and
   * header (the line whose first field is {@code header}) left out.
   */
  static List<String[]> goldRows(String resource, String header) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (var in = MentionEval.class.getClassLoader().getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank() && !line.startsWith(header + "\t")) {
          rows.add(line.split("\t", -1));
        }
      }
    }
    return rows;
  }

  /** A gold field's country codes: space-separated, none when blank. */
  static Set<String> codes(String field) {
    Set<String> codes = new TreeSet<>();
    for (String code : field.split(" ")) {
      if (!code.isBlank()) {
        codes.add(code);
      }
    }
    return codes;
  }
}
