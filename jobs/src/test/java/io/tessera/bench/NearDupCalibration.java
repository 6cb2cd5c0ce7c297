package io.tessera.bench;

import static org.apache.spark.sql.functions.col;

import io.tessera.TestBase;
import io.tessera.config.TesseraConfig.DedupSettings;
import io.tessera.dedup.NearDuplicates;
import io.tessera.dedup.TextNormalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The labelled set near-dedup's shingles and threshold are calibrated on: real texts from the fixtures, short and
 * long, in several scripts, each text once (exact repeats dropped), and for every other text a planted near copy
 * with about 1 % of its units changed (words, or characters in scripts written without spaces; at least one):
 * substitutions, deletions, insertions and swaps of neighbours. Hard negatives come with the texts: survey items of
 * one battery (WVS-7 in nine languages, MENAValues) and dialogue turns that follow one pattern. Truth: the planted
 * pairs; every other pair found is counted as a false positive. Deterministic.
 *
 * <p>{@code scripts/bench neardup-calibration}: precision and recall per script and length bucket for a few
 * shingle settings and thresholds.
 */
public final class NearDupCalibration {
  private static final StructType DOC = new StructType()
      .add("key", DataTypes.LongType, false).add("text", DataTypes.StringType, false);
  private static final Pattern ZH_TURN = Pattern.compile("\\(([^：()]{1,12})：([^()]+)\\)");
  private static final Pattern EN_TURN = Pattern.compile("(?m)^[A-Z][a-z]+: (.+?) (?:Adhered|Not Relevant|Violated)");
  private static final int SHORT = 400;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  /** The fewest units (words, or characters in scripts without spaces) of a text in the set. */
  private static final int MIN_UNITS = 40;

  /** A text, its script and length bucket, and the key of the text it is a near copy of (-1: an original). */
  public record Text(long key, String text, String bucket, long copyOf) {}

  public record Score(long planted, long found, long truePositives) {
    public double precision() {
      return found == 0 ? 1 : (double) truePositives / found;
    }

    public double recall() {
      return planted == 0 ? 1 : (double) truePositives / planted;
    }

    @Override
    public String toString() {
      return String.format("P %.4f R %.4f (planted %d, found %d)", precision(), recall(), planted, found);
    }
  }

  private NearDupCalibration() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("neardup-calibration")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<Text> texts = build(spark);
    Map<String, Integer> sizes = new TreeMap<>();
    texts.forEach(t -> sizes.merge(t.bucket(), 1, Integer::sum));
    System.out.println("records per bucket: " + sizes);
    // Each argument a setting to score: SHORT_CHARS:CHAR_NGRAM:THRESHOLD (short_chars 0: the fixed shingles).
    List<String> runs = args.length > 0 ? List.of(args) : List.of("0:5:0.8", "400:3:0.8", "400:3:0.75", "400:4:0.8");
    for (String run : runs) {
      String[] p = run.split(":");
      DedupSettings settings = new DedupSettings();
      settings.shortChars = Integer.parseInt(p[0]);
      settings.charNgram = Integer.parseInt(p[1]);
      settings.threshold = Double.parseDouble(p[2]);
      System.out.printf("RESULT short_chars=%s char_ngram=%s threshold=%s %s%n", p[0], p[1], p[2],
          score(spark, texts, settings));
    }
    spark.stop();
  }

  /** The labelled set: originals and their planted copies, keys in order. */
  public static List<Text> build(SparkSession spark) throws Exception {
    List<String[]> originals = new ArrayList<>(); // (text, script)
    Path fixtures = TestBase.fixtures();
    for (String[] words : NearDupBench.baseParagraphs(spark).subList(0, 1500)) {
      originals.add(new String[] {String.join(" ", words), "latin"});
    }
    // Short texts from the same articles: a paragraph's first 20 to 60 words.
    for (String[] words : NearDupBench.baseParagraphs(spark).subList(1500, 3000)) {
      originals.add(new String[] {String.join(" ", List.of(words).subList(0, Math.min(words.length,
          20 + words.length % 41))), "latin"});
    }
    // Other languages and scripts: the Wikipedia fragments (de, es, fr, nl, pl, pt, ca, ru, zh), per paragraph.
    for (String paragraph : wikiParagraphs(spark, fixtures.resolve("wikipedia/fragments"))) {
      originals.add(new String[] {paragraph, "wiki"});
    }
    try (Stream<Path> files = Files.list(fixtures.resolve("dialogues/normdial"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
        String content = Files.readString(file);
        Matcher zh = ZH_TURN.matcher(content);
        List<String> turns = new ArrayList<>();
        while (zh.find()) {
          turns.add(zh.group(2).trim());
        }
        turns.forEach(t -> originals.add(new String[] {t, "han"}));
        for (int i = 0; i + 20 <= turns.size(); i += 20) {
          originals.add(new String[] {String.join("\n", turns.subList(i, i + 20)), "han"}); // a long dialogue
        }
        Matcher en = EN_TURN.matcher(content);
        List<String> enTurns = new ArrayList<>();
        while (en.find()) {
          enTurns.add(en.group(1).trim());
        }
        enTurns.forEach(t -> originals.add(new String[] {t, "latin"}));
      }
    }
    for (String language : List.of("Chinese", "English", "German", "Japanese", "Korean", "Portuguese", "Russian",
        "Spanish", "Vietnamese")) {
      for (String line : Files.readAllLines(fixtures.resolve(
          "surveys/wvs7-multilingual-questions/questions__WV7_" + language + ".jsonl"))) {
        originals.add(new String[] {JSON.readTree(line).path("question").asText(), "survey"});
      }
    }
    for (String line : Files.readAllLines(fixtures.resolve("surveys/menavalues/csv-derived/menavalues_questions.jsonl"))) {
      originals.add(new String[] {JSON.readTree(line).path("full_question").asText(), "survey"});
    }
    List<Text> texts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    SplittableRandom random = new SplittableRandom(2026);
    List<String[]> pool = new ArrayList<>();
    for (String[] original : originals) {
      String normalised = TextNormalizer.normalize(original[0]);
      String[] words = normalised.split(" ");
      String start = String.join(" ", List.of(words).subList(0, Math.min(12, words.length)));
      String end = String.join(" ", List.of(words).subList(Math.max(0, words.length - 12), words.length));
      boolean version = !original[1].equals("survey") && (!seen.add("^" + start) || !seen.add("$" + end));
      boolean survey = original[1].equals("survey"); // no copy planted: any length
      if ((survey ? normalised.length() < 20 : units(original[0]) < MIN_UNITS) || !seen.add(normalised) || version) {
        // Too short for 1 % to be less than one unit (one edit makes another text); or a repeat, or another
        // version of an earlier text (the Wikipedia excerpt holds revisions of the same articles; survey items of
        // a battery share their start or end and stay, as the hard negatives).
        continue;
      }
      pool.add(original);
    }
    Map<String, List<String>> donors = new TreeMap<>(); // edits take their words from texts in the same script
    pool.forEach(o -> donors.computeIfAbsent(script(o[0]), k -> new ArrayList<>()).add(o[0]));
    for (String[] original : pool) {
      String text = original[0];
      String length = TextNormalizer.normalize(text).length() < SHORT ? "/short" : "/long";
      String bucket = (original[1].equals("survey") ? "survey-" : "") + script(text) + length;
      long key = texts.size();
      texts.add(new Text(key, text, bucket, -1));
      if (!original[1].equals("survey") && random.nextBoolean()) {
        texts.add(new Text(texts.size(), edit(text, random, donors.get(script(text))), bucket, key));
      }
    }
    return texts;
  }

  /** The paragraphs of the wiki pages in {@code folder}, through Tessera's reader (wikitext cleaned). */
  static List<String> wikiParagraphs(SparkSession spark, Path folder) {
    String out = System.getProperty("java.io.tmpdir") + "/neardup-calibration-wiki";
    io.tessera.config.TesseraConfig config = io.tessera.config.ConfigLoader.quick(
        List.of("wikipedia-xml=" + folder), out, List.of("run.stages=[ingest]"));
    new io.tessera.pipeline.Pipeline(spark, config).execute();
    List<String> paragraphs = new ArrayList<>();
    for (Row row : spark.read().parquet(io.tessera.pipeline.Pipeline.paths(config).stageData("ingest"))
        .select("text").orderBy("doc_id").collectAsList()) {
      for (String paragraph : row.getString(0).split("\n\\s*\n")) {
        paragraphs.add(paragraph.trim());
      }
    }
    return paragraphs;
  }

  /** The script most of a text's letters are in (Han with kana: Japanese). */
  static String script(String text) {
    Map<String, Integer> counts = new TreeMap<>();
    text.codePoints().filter(Character::isLetter).forEach(cp -> {
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      String name = switch (s) {
        case HIRAGANA, KATAKANA -> "japanese";
        default -> s.name().toLowerCase();
      };
      counts.merge(name, 1, Integer::sum);
    });
    if (counts.getOrDefault("japanese", 0) > 0) {
      return "japanese";
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
  }

  /** About 1 % of the units changed, at least one: words, or characters where the script has no spaces. */
  static String edit(String text, SplittableRandom random, List<String> pool) {
    boolean chars = io.tessera.dedup.Shingles.writtenWithoutSpaces(text.codePointAt(firstLetter(text)));
    List<String> units = new ArrayList<>();
    if (chars) {
      text.codePoints().forEach(cp -> units.add(new String(Character.toChars(cp))));
    } else {
      units.addAll(List.of(text.split(" ")));
    }
    int edits = Math.max(1, (int) Math.round(units.size() * 0.01));
    for (int e = 0; e < edits && units.size() > 2; e++) {
      int at = random.nextInt(units.size() - 1);
      String donor = pool.get(random.nextInt(pool.size()));
      String other;
      if (chars) {
        other = new String(Character.toChars(donor.codePointAt(donor.offsetByCodePoints(0,
            random.nextInt(donor.codePointCount(0, donor.length()))))));
      } else {
        String[] words = donor.split(" ");
        other = words[random.nextInt(words.length)];
      }
      switch (random.nextInt(4)) {
        case 0 -> units.set(at, other);
        case 1 -> units.remove(at);
        case 2 -> units.add(at, other);
        default -> units.set(at + 1, units.set(at, units.get(at + 1)));
      }
    }
    return String.join(chars ? "" : " ", units);
  }

  private static int units(String text) {
    String normalised = TextNormalizer.normalize(text);
    boolean chars = io.tessera.dedup.Shingles.writtenWithoutSpaces(text.codePointAt(firstLetter(text)));
    return chars ? normalised.replace(" ", "").length() : normalised.split(" ").length;
  }

  private static int firstLetter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isLetter(text.charAt(i))) {
        return i;
      }
    }
    return 0;
  }

  /** Precision and recall per bucket, overall ("all") and the worst bucket's ("worst"), of near-dedup's pairs. */
  public static Map<String, Score> score(SparkSession spark, List<Text> texts, DedupSettings settings) {
    List<Row> rows = new ArrayList<>();
    texts.forEach(t -> rows.add(RowFactory.create(t.key(), t.text())));
    Dataset<Row> docs = spark.createDataFrame(rows, DOC);
    NearDuplicates.Result result = NearDuplicates.of(docs).configure(settings).execute();
    Map<String, long[]> counts = new TreeMap<>(); // planted, found, true
    for (Text t : texts) {
      if (t.copyOf() >= 0) {
        counts.computeIfAbsent(t.bucket(), b -> new long[3])[0]++;
      }
    }
    for (Row pair : result.pairs().select(col("src"), col("dst")).collectAsList()) {
      Text a = texts.get((int) pair.getLong(0));
      Text b = texts.get((int) pair.getLong(1));
      boolean planted = a.copyOf() == b.key() || b.copyOf() == a.key();
      long[] c = counts.computeIfAbsent(a.bucket(), x -> new long[3]);
      c[1]++;
      c[2] += planted ? 1 : 0;
      if (!planted && System.getProperty("calibration.show") != null) {
        System.out.println("FALSE " + a.bucket() + " " + b.bucket() + " " + a.text().replace("\n", " ") + "  ||  "
            + b.text().replace("\n", " "));
      }
    }
    result.release();
    Map<String, Score> scores = new LinkedHashMap<>();
    long[] all = new long[3];
    counts.forEach((bucket, c) -> {
      scores.put(bucket, new Score(c[0], c[1], c[2]));
      for (int i = 0; i < 3 && !bucket.startsWith("survey"); i++) {
        all[i] += c[i];
      }
    });
    Score worst = null;
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      Score s = e.getValue();
      if (!e.getKey().startsWith("survey") && s.planted() >= 20 && (worst == null || Math.min(s.precision(), s.recall())
          < Math.min(worst.precision(), worst.recall()))) {
        worst = s;
      }
    }
    scores.put("all", new Score(all[0], all[1], all[2]));
    scores.put("worst", worst);
    return scores;
  }
}
