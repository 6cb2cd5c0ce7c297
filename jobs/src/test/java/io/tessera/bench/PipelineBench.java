package io.tessera.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.tessera.DuckDb;
import io.tessera.TestBase;
import io.tessera.pipeline.Hashes;
import io.tessera.pipeline.StageNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The whole pipeline on a deterministic corpus of N records built from the real fixtures (scripts/bench pipeline).
 *
 * <p>{@code generate N DIR} writes DIR/input (Reddit comments and submissions, Twitter v2 tweets, Wikipedia pages in
 * eleven editions, NormDial dialogues, WVS-7 questions in nine languages) and DIR/bench.yaml. Each fixture record is
 * used as it is once; its further copies get a new id and a text in which {@value #REPLACED_PERCENT} % of the
 * lower-case words (and of the letters of scripts without case: Chinese, Japanese, Korean...) are replaced by others
 * of the same file, drawn by a seeded generator: new texts in the same language (names, speakers and labels, which are
 * capitalised, stay) that share almost no 5-word shingle, so not near-duplicates. {@value #DUPLICATE_PERCENT} % of
 * copies keep the text whole: exact duplicates, at a known rate.
 *
 * <p>{@code report DIR WALL_SECONDS PEAK_RSS_KB CORES} prints, per stage, the seconds, records in and out, records/s,
 * MB/s per core of the stage's own input (the input files for ingest, else the previous stage's Parquet) and of the
 * whole input corpus (the figure a user sees: corpus MB / stage seconds / cores), and the bytes and files it wrote,
 * from DIR/out/_tessera/run.json and the stage folders.
 */
public final class PipelineBench {
  static final int DUPLICATE_PERCENT = 5;
  static final int REPLACED_PERCENT = 30;
  /** What a copy may replace: a run of lower-case letters, or one letter of a script without case. */
  private static final Pattern REPLACEABLE = Pattern.compile("\\p{Ll}{2,}|\\p{Lo}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MB = 1024.0 * 1024.0;

  /**
   * One output file: its header and footer, its records ("units"), the words and letters a copy's text may take
   * (from the units' texts), and how a copy is made.
   */
  private record Pool(String source, String file, String header, String footer, List<String> units,
      Vocabulary vocabulary, BiFunction<Copy, Pool, String> vary) {}

  /** Copy k of unit i; {@code seed} drives its replacements; an exact duplicate keeps the text. */
  private record Copy(int i, int k, boolean duplicate, long seed) {}

  /** The replaceable words (lower-case runs) and letters (scripts without case) of a pool's texts. */
  private record Vocabulary(List<String> words, List<String> letters) {
    static Vocabulary of(List<String> texts) {
      java.util.Set<String> words = new java.util.TreeSet<>();
      java.util.Set<String> letters = new java.util.TreeSet<>();
      for (String text : texts) {
        Matcher m = REPLACEABLE.matcher(text == null ? "" : text);
        while (m.find()) {
          (Character.isLowerCase(m.group().codePointAt(0)) ? words : letters).add(m.group());
        }
      }
      return new Vocabulary(List.copyOf(words), List.copyOf(letters));
    }

    /** The text with about REPLACED_PERCENT % of its replaceable words and letters replaced; itself for a duplicate. */
    String vary(String text, Copy copy) {
      if (text == null || copy.duplicate()) {
        return text;
      }
      java.util.SplittableRandom random = new java.util.SplittableRandom(copy.seed() ^ text.hashCode());
      return REPLACEABLE.matcher(text).replaceAll(m -> {
        List<String> from = Character.isLowerCase(m.group().codePointAt(0)) ? words : letters;
        return Matcher.quoteReplacement(from.isEmpty() || random.nextInt(100) >= REPLACED_PERCENT ? m.group()
            : from.get(random.nextInt(from.size())));
      });
    }
  }

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("generate")) {
      generate(Integer.parseInt(args[1]), Paths.get(args[2]));
    } else {
      report(Paths.get(args[1]), Double.parseDouble(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]));
    }
  }

  // ---- the corpus ----

  /** Shares of the records per source: Reddit, Twitter, Wikipedia, NormDial, WVS-7. */
  private static final Map<String, Double> SHARES = new LinkedHashMap<>();

  static {
    SHARES.put("reddit", 0.30);
    SHARES.put("twitter", 0.30);
    SHARES.put("wiki", 0.05);
    SHARES.put("normdial", 0.10);
    SHARES.put("wvs", 0.25);
  }

  static void generate(int n, Path dir) throws IOException {
    Path fixtures = TestBase.fixtures();
    List<Pool> pools = new ArrayList<>();
    for (String name : List.of("test_comments.ndjson", "test_submissions.ndjson")) {
      pools.add(jsonPool("reddit", name, fixtures.resolve("reddit").resolve(name)));
    }
    pools.add(jsonPool("twitter", "flat.jsonl", fixtures.resolve("twitter/twitter-v2-twarc/flat.jsonl")));
    try (Stream<Path> files = Files.list(fixtures.resolve("surveys/wvs7-multilingual-questions"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("questions__WV7_[A-Z].*\\.jsonl"))
          .sorted().toList()) {
        pools.add(jsonPool("wvs", file.getFileName().toString(), file));
      }
    }
    pools.addAll(wikiPools(fixtures.resolve("wikipedia")));
    try (Stream<Path> files = Files.list(fixtures.resolve("dialogues/normdial"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
        pools.add(csvPool(file));
      }
    }

    Map<String, Integer> unitsPerSource = new TreeMap<>();
    pools.forEach(p -> unitsPerSource.merge(p.source(), p.units().size(), Integer::sum));
    long records = 0;
    long duplicates = 0;
    long bytes = 0;
    Map<String, long[]> perSource = new TreeMap<>();
    for (Pool pool : pools) {
      int size = pool.units().size();
      long quota = Math.max(1, Math.round(n * SHARES.get(pool.source()) * size / unitsPerSource.get(pool.source())));
      Path out = dir.resolve("input").resolve(pool.source()).resolve(pool.file());
      Files.createDirectories(out.getParent());
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        w.write(pool.header());
        for (long r = 0; r < quota; r++) {
          int i = (int) (r % size);
          int k = (int) (r / size);
          boolean duplicate = k > 0 && Math.floorMod(hash(pool.file(), i, k, "dup"), 100) < DUPLICATE_PERCENT;
          duplicates += duplicate ? 1 : 0;
          String unit = k == 0 ? pool.units().get(i)
              : pool.vary().apply(new Copy(i, k, duplicate, hash(pool.file(), i, k, "seed")), pool);
          w.write(unit);
        }
        w.write(pool.footer());
      }
      records += quota;
      bytes += Files.size(out);
      perSource.computeIfAbsent(pool.source(), s -> new long[2])[0] += quota;
      perSource.get(pool.source())[1] += Files.size(out);
    }
    Files.writeString(dir.resolve("bench.yaml"), config(dir));
    perSource.forEach((source, v) -> System.out.printf(Locale.ROOT, "source %-9s %,8d records %8.1f MB%n", source,
        v[0], v[1] / MB));
    System.out.printf(Locale.ROOT, "generated %,d records, %.1f MB, %,d exact duplicates of another record's text"
        + " (%.1f %%) in %s%n", records, bytes / MB, duplicates, 100.0 * duplicates / records, dir.resolve("input"));
  }

  private static String config(Path dir) {
    Path input = dir.resolve("input").toAbsolutePath();
    return String.join("\n",
        "run:",
        "  output: " + dir.toAbsolutePath().resolve("out"),
        "sources:",
        "  - {name: reddit, format: reddit, path: '" + input.resolve("reddit") + "', dataset: reddit}",
        "  - {name: twitter, format: twitter, path: '" + input.resolve("twitter") + "', dataset: twitter}",
        "  - {name: wiki, format: wikipedia-xml, path: '" + input.resolve("wiki") + "', dataset: wikipedia}",
        "  - {name: normdial, format: csv, preset: normdial, path: '" + input.resolve("normdial")
            + "', dataset: normdial}",
        "  - {name: wvs, format: wvs-questions, path: '" + input.resolve("wvs") + "', dataset: WVS-7}",
        "");
  }

  private static long hash(String file, int i, int k, String what) {
    return Long.parseUnsignedLong(Hashes.sha256Hex(7, file, Integer.toString(i), Integer.toString(k), what), 16);
  }

  /** JSON lines: every object with an id and a text (body, selftext, text, question) gets a new id and text. */
  private static Pool jsonPool(String source, String file, Path path) throws IOException {
    List<String> units = Files.readAllLines(path, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
        .map(l -> l + "\n").toList();
    List<String> texts = new ArrayList<>();
    for (String unit : units) {
      vary(JSON.readTree(unit), new Copy(0, 0, true, 0), null, texts);
    }
    return new Pool(source, file, "", "", units, Vocabulary.of(texts), (copy, pool) -> {
      try {
        JsonNode unit = JSON.readTree(pool.units().get(copy.i()));
        vary(unit, copy, pool.vocabulary(), null);
        return JSON.writeValueAsString(unit) + "\n";
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Gives every object with an id and a text a new id and a varied text; or only collects the texts. */
  private static void vary(JsonNode node, Copy copy, Vocabulary vocabulary, List<String> collect) {
    if (node instanceof ObjectNode object) {
      if (object.hasNonNull("id")) {
        for (String field : List.of("body", "selftext", "title", "text", "question")) {
          if (object.hasNonNull(field) && collect != null) {
            collect.add(object.get(field).asText());
          } else if (object.hasNonNull(field)) {
            object.put(field, vocabulary.vary(object.get(field).asText(), copy));
          }
        }
        if (collect == null) {
          object.put("id", object.get("id").asText() + "v" + copy.k());
          if (object.hasNonNull("name") && object.get("name").asText().matches("t\\d_.*")) {
            object.put("name", object.get("name").asText() + "v" + copy.k()); // Reddit's fullname
          }
        }
      }
      object.fields().forEachRemaining(field -> vary(field.getValue(), copy, vocabulary, collect));
    } else if (node != null && node.isArray()) {
      node.forEach(element -> vary(element, copy, vocabulary, collect));
    }
  }

  private static final Pattern PAGE = Pattern.compile("(?s)\\s*<page>.*?</page>\\n?");
  private static final Pattern PAGE_ID = Pattern.compile("(?s)(<page>.*?<id>)(\\d+)(</id>)");
  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>");
  private static final Pattern TEXT = Pattern.compile("(?s)(<text[^>]*>)(.*?)(</text>)");

  /** Wikipedia: one pool per file; the words of the other files of the same edition (dewiki, enwiki) count too. */
  private static List<Pool> wikiPools(Path wiki) throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> fragments = Files.list(wiki.resolve("fragments"))) {
      for (Path f : fragments.sorted().toList()) {
        files.put(f, Files.readString(f));
      }
    }
    Path excerpt = wiki.resolve("enwiki-pages-articles-excerpt.xml.bz2");
    try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(excerpt), true)) {
      files.put(excerpt, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Map<String, List<String>> pagesByEdition = new TreeMap<>();
    Map<Path, List<String>> pagesByFile = new LinkedHashMap<>();
    for (Map.Entry<Path, String> f : files.entrySet()) {
      List<String> pages = new ArrayList<>();
      Matcher m = PAGE.matcher(f.getValue());
      while (m.find()) {
        pages.add(m.group().strip() + "\n");
      }
      pagesByFile.put(f.getKey(), pages);
      pagesByEdition.computeIfAbsent(edition(f.getKey()), e -> new ArrayList<>()).addAll(pages);
    }
    List<Pool> pools = new ArrayList<>();
    for (Map.Entry<Path, List<String>> f : pagesByFile.entrySet()) {
      String xml = files.get(f.getKey());
      Matcher first = PAGE.matcher(xml);
      if (!first.find()) {
        continue;
      }
      String header = xml.substring(0, first.start()) + "\n";
      String name = f.getKey().getFileName().toString().replace(".bz2", "");
      List<String> texts = new ArrayList<>();
      for (String page : pagesByEdition.get(edition(f.getKey()))) {
        Matcher text = TEXT.matcher(page);
        texts.add(text.find() ? text.group(2) : "");
      }
      pools.add(new Pool("wiki", name, header, "</mediawiki>\n", f.getValue(), Vocabulary.of(texts), (copy, pool) -> {
        String page = pool.units().get(copy.i());
        Matcher text = TEXT.matcher(page);
        if (text.find()) {
          page = page.substring(0, text.start(2)) + pool.vocabulary().vary(text.group(2), copy)
              + page.substring(text.end(2));
        }
        page = PAGE_ID.matcher(page).replaceFirst(m -> m.group(1) + copy.k() + "0000000" + m.group(2) + m.group(3));
        return TITLE.matcher(page).replaceFirst(m -> Matcher.quoteReplacement(
            "<title>" + m.group(1) + " (" + copy.k() + ")</title>"));
      }));
    }
    return pools;
  }

  private static String edition(Path file) {
    return file.getFileName().toString().replaceAll("[-.].*", "");
  }

  /** NormDial: a copy's dialogue is the first half of the turns of one and the second half of another. */
  private static Pool csvPool(Path file) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setMaxCharsPerColumn(-1);
    settings.setLineSeparatorDetectionEnabled(true); // the files end lines with \r\n
    settings.setNormalizeLineEndingsWithinQuotes(false);
    List<String[]> rows = new CsvParser(settings).parseAll(file.toFile(), StandardCharsets.UTF_8).stream()
        .filter(r -> r.length > 1).toList();
    String[] header = rows.get(0);
    int dialogue = java.util.Arrays.asList(header).indexOf("Labeled_Dialogue");
    List<String> units = new ArrayList<>();
    for (String[] row : rows.subList(1, rows.size())) {
      units.add(csvLine(row));
    }
    if (dialogue < 0) {
      throw new IllegalStateException(file + ": no Labeled_Dialogue column in " + String.join(",", header));
    }
    Vocabulary vocabulary = Vocabulary.of(rows.subList(1, rows.size()).stream()
        .map(r -> r.length > dialogue ? r[dialogue] : null).toList());
    return new Pool("normdial", file.getFileName().toString(), csvLine(header), "", units, vocabulary, (copy, pool) -> {
      String[] row = rows.get(copy.i() + 1).clone();
      if (row.length > dialogue) {
        row[dialogue] = pool.vocabulary().vary(row[dialogue], copy);
      }
      return csvLine(row);
    });
  }

  private static String csvLine(String[] row) {
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.setQuoteAllFields(true);
    settings.getFormat().setLineSeparator("\n");
    StringWriter out = new StringWriter();
    CsvWriter writer = new CsvWriter(out, settings);
    writer.writeRow((Object[]) row);
    writer.close();
    return out.toString();
  }

  // ---- the report ----

  static void report(Path dir, double wallSeconds, long peakRssKb, int cores) throws IOException {
    Path out = dir.resolve("out");
    JsonNode run = JSON.readTree(out.resolve("_tessera/run.json").toFile());
    Path work = Paths.get(run.get("work").asText()).resolve(run.get("run_id").asText());
    long inputBytes = size(dir.resolve("input"))[0];
    System.out.printf(Locale.ROOT, "| stage | seconds | records in | records out | records/s | MB in | MB/s per core |"
        + " input MB/s per core | MB written | files written |%n|---|---|---|---|---|---|---|---|---|---|%n");
    long previousBytes = inputBytes;
    double stageSeconds = 0;
    for (JsonNode stage : run.get("stages")) {
      String name = stage.get("name").asText();
      double seconds = stage.get("seconds").asDouble();
      stageSeconds += seconds;
      long[] written = name.equals(StageNames.PUBLISH) ? size(out.resolve("data"), out.resolve("rejects"),
          out.resolve("benchmark")) : size(work.resolve(name));
      long in = stage.get("records_in").asLong();
      System.out.printf(Locale.ROOT, "| %s | %.1f | %,d | %,d | %,.0f | %.1f | %.2f | %.2f | %.1f | %,d |%n", name,
          seconds, in, stage.get("records_out").asLong(), seconds > 0 ? in / seconds : 0, previousBytes / MB,
          seconds > 0 ? previousBytes / MB / seconds / cores : 0, seconds > 0 ? inputBytes / MB / seconds / cores : 0,
          written[0] / MB, written[1]);
      if (!name.equals(StageNames.PUBLISH)) {
        previousBytes = size(work.resolve(name).resolve("data"))[0];
      }
    }
    long[] data = size(out.resolve("data"));
    long[] folders = new long[2];
    long small = 0;
    try (Stream<Path> walk = Files.walk(out.resolve("data"))) {
      for (Path p : walk.toList()) {
        if (Files.isDirectory(p) && p.getFileName().toString().startsWith("country=")) {
          folders[0]++;
        } else if (p.toString().endsWith(".parquet") && Files.size(p) < 100 * 1024) {
          small++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nwhole run: %.1f s wall (stages %.1f s), %.1f MB of input: %.2f MB/s per core"
        + " on %d cores; peak RSS %.2f GB%n", wallSeconds, stageSeconds, inputBytes / MB,
        inputBytes / MB / wallSeconds / cores, cores, peakRssKb / 1024.0 / 1024.0);
    System.out.printf(Locale.ROOT, "published: %,d files in %,d folders (split × country), %,d under 100 KB,"
        + " %.1f MB%n", data[1], folders[0], small, data[0] / MB);
    try (DuckDb db = new DuckDb()) {
      Object triples = db.query("select count(*) as n from (select distinct split, culture, language from"
          + " read_parquet('" + out.resolve("data") + "/**/*.parquet', hive_partitioning = false))").get(0).get("n");
      System.out.printf(Locale.ROOT, "the same rows in split/culture/language folders (the layout before 7e891fb):"
          + " %s folders%n", triples);
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
  }

  /** Bytes and Parquet files under the folders (Hadoop's .crc files and markers left out). */
  private static long[] size(Path... roots) throws IOException {
    long[] total = new long[2];
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith(".") || name.startsWith("_")) {
            continue;
          }
          total[0] += Files.size(p);
          total[1] += name.endsWith(".parquet") ? 1 : 0;
        }
      }
    }
    return total;
  }
}
