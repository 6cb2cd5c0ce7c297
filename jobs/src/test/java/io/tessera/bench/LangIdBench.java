package io.tessera.bench;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.LangIdSettings;
import io.tessera.langid.LanguageDetection;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Language identification, raw Lingua 1.2.2 side by side with Tessera's {@link LanguageDetection}, in one JVM on
 * one thread (run with -Djava.util.concurrent.ForkJoinPool.common.parallelism=1):
 * <ul>
 *   <li>{@code speed}: texts/s and MB/s on the mixed fixture corpus (Wikipedia pages and fragments, tweets, Reddit,
 *       NormDial dialogues, WVS questions), high and low accuracy, all languages and a 20-language set;</li>
 *   <li>{@code accuracy UDHR_DIR}: accuracy on the UDHR (scripts/fetch-udhr) per language, on paragraphs,
 *       sentences and 45-character fragments.</li>
 * </ul>
 * Prints Markdown tables for docs/langid.md. Run: scripts/bench langid-speed | scripts/bench langid-accuracy
 */
public final class LangIdBench {
  private static final List<String> TWENTY = List.of("en", "de", "fr", "es", "pt", "it", "nl", "ru", "uk", "pl",
      "tr", "ar", "fa", "hi", "zh", "ja", "ko", "id", "vi", "sw");

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("accuracy")) {
      accuracy(Path.of(args[1]));
    } else if (args.length > 0 && args[0].equals("coverage")) {
      coverage(Path.of(args[1]));
    } else if (args.length > 0 && args[0].equals("screen")) {
      screen();
    } else {
      speed(args.length > 1 ? Integer.parseInt(args[1]) : 3);
    }
  }

  private static void speed(int runs) throws Exception {
    List<String> texts = fixtureTexts();
    if (System.getProperty("tessera.dumpTexts") != null) {
      Files.write(Path.of(System.getProperty("tessera.dumpTexts")), texts.stream().map(t -> t.replace("\n", "\\n")).toList());
      return;
    }
    long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
    System.out.printf("Corpus: %,d texts, %.2f MB of UTF-8 text%n%n", texts.size(), bytes / 1e6);
    System.out.println("| accuracy | languages | raw Lingua texts/s | raw MB/s | Tessera texts/s | Tessera MB/s | speed-up"
        + " | same language as raw |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String accuracy : List.of("high", "low")) {
      for (List<String> languages : List.of(List.<String>of(), TWENTY)) {
        LangIdSettings settings = new LangIdSettings();
        settings.accuracy = TesseraConfig.Accuracy.valueOf(accuracy.toUpperCase(java.util.Locale.ROOT));
        settings.languages = languages;
        LanguageDetection tessera = LanguageDetection.get(settings);
        LanguageDetector raw = rawDetector(accuracy, languages);
        texts.forEach(raw::detectLanguageOf);             // load the models before timing
        texts.forEach(t -> tessera.detect(t, null));
        double[] rawTimes = new double[runs];
        double[] ourTimes = new double[runs];
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          texts.forEach(raw::detectLanguageOf);
          rawTimes[i] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          texts.forEach(t -> tessera.detect(t, null));
          ourTimes[i] = (System.nanoTime() - t0) / 1e9;
        }
        double r = median(rawTimes);
        double o = median(ourTimes);
        int same = 0;
        for (String t : texts) {
          Language l = raw.detectLanguageOf(t);
          String ours = tessera.detect(t, null).code();
          same += l != Language.UNKNOWN && l.getIsoCode639_1().toString().equalsIgnoreCase(ours) ? 1 : 0;
        }
        System.out.printf("| %s | %s | %.0f | %.3f | %.0f | %.3f | %.1fx | %.4f |%n", accuracy,
            languages.isEmpty() ? "all 75" : "20", texts.size() / r, bytes / 1e6 / r, texts.size() / o,
            bytes / 1e6 / o, r / o, (double) same / texts.size());
      }
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf("%nHeap in use after loading every model touched above: %.2f GiB%n",
        (rt.totalMemory() - rt.freeMemory()) / Math.pow(1024, 3));
  }

  /**
   * Calibration of the trigram screen on the fixture corpus (not on the UDHR, which checks the result): for each
   * margin and minimum trigram count, the share of texts the screen settles and how often it agrees with raw
   * Lingua (high accuracy, all languages) on them.
   */
  private static void screen() throws Exception {
    List<String> texts = fixtureTexts();
    LanguageDetector raw = rawDetector("high", List.of());
    LangIdSettings off = new LangIdSettings();
    off.screenMargin = Double.MAX_VALUE; // the screen loaded, never trusted: verdicts only
    LanguageDetection detection = LanguageDetection.get(off);
    double[] margins = {5, 10, 15, 20, 30, 40, 60};
    int[] minimums = {5, 10, 20, 30};
    int[][] settled = new int[margins.length][minimums.length];
    int[][] agreed = new int[margins.length][minimums.length];
    for (String text : texts) {
      String prepared = LanguageDetection.prepare(text);
      Language r = raw.detectLanguageOf(prepared);
      LanguageDetection.ScreenVerdict v = detection.screenVerdict(prepared);
      for (int i = 0; i < margins.length; i++) {
        for (int j = 0; j < minimums.length; j++) {
          if (v.code() != null && v.trigrams() >= minimums[j] && v.margin() >= margins[i]) {
            settled[i][j]++;
            agreed[i][j] += r != Language.UNKNOWN && r.getIsoCode639_1().toString().equalsIgnoreCase(v.code()) ? 1 : 0;
          }
        }
      }
    }
    System.out.printf("Corpus: %,d texts. Cells: share settled by the screen / agreement with raw Lingua there%n%n",
        texts.size());
    StringBuilder header = new StringBuilder("| lead (nats) |");
    for (int m : minimums) {
      header.append(" ≥ ").append(m).append(" trigrams |");
    }
    System.out.println(header);
    System.out.println("|---|" + "---|".repeat(minimums.length));
    for (int i = 0; i < margins.length; i++) {
      StringBuilder row = new StringBuilder("| " + margins[i] + " |");
      for (int j = 0; j < minimums.length; j++) {
        row.append(String.format(" %.3f / %.4f |", (double) settled[i][j] / texts.size(),
            settled[i][j] == 0 ? 0 : (double) agreed[i][j] / settled[i][j]));
      }
      System.out.println(row);
    }
  }

  private static LanguageDetector rawDetector(String accuracy, List<String> languages) {
    LanguageDetectorBuilder b = languages.isEmpty() ? LanguageDetectorBuilder.fromAllLanguages()
        : LanguageDetectorBuilder.fromIsoCodes639_1(languages.stream()
            .map(c -> com.github.pemistahl.lingua.api.IsoCode639_1.valueOf(c.toUpperCase(Locale.ROOT)))
            .toArray(com.github.pemistahl.lingua.api.IsoCode639_1[]::new));
    return "low".equals(accuracy) ? b.withLowAccuracyMode().build() : b.build();
  }

  /** The texts the readers make of the shared fixtures, through the real ingest stage. */
  private static List<String> fixtureTexts() throws Exception {
    Path fixtures = Path.of(System.getProperty("tessera.fixtures")).toAbsolutePath();
    Path out = Files.createTempDirectory("tessera-langid-bench");
    TesseraConfig config = ConfigLoader.quick(List.of(
            "wikipedia-xml=" + fixtures.resolve("wikipedia/enwiki-pages-articles-excerpt.xml.bz2"),
            "wikipedia-xml=" + fixtures.resolve("wikipedia/fragments"),
            "twitter=" + fixtures.resolve("twitter/twitter-v2-twarc/2sets.jsonl"),
            "twitter=" + fixtures.resolve("twitter/twitter-v2-twarc/media_policy_violation_on.jsonl"),
            "reddit=" + fixtures.resolve("reddit"),
            "csv:normdial=" + fixtures.resolve("dialogues/normdial"),
            "wvs-questions=" + fixtures.resolve("surveys/wvs7-multilingual-questions/questions__WV7_*.jsonl")),
        out.toString(), List.of("run.stages=[ingest]", "spark.master=local[2]", "sources.4.include=*.ndjson"));
    SparkSession spark = SparkSessions.getOrCreate(config);
    new Pipeline(spark, config).execute();
    List<String> texts = spark.read().parquet(Pipeline.paths(config).stageData("ingest"))
        .where("length(text) > 0").orderBy("doc_id").select("text").as(Encoders.STRING()).collectAsList();
    spark.stop();
    return texts;
  }

  private static void accuracy(Path udhr) throws Exception {
    LanguageDetector raw = LanguageDetectorBuilder.fromAllLanguages().build();
    LanguageDetection tessera = LanguageDetection.get(new LangIdSettings());
    Map<String, String> files = udhrFiles(udhr);
    Map<String, int[]> totals = new LinkedHashMap<>();
    System.out.println("| language | UDHR file | paragraphs raw / Tessera | sentences raw / Tessera | fragments raw / Tessera |");
    System.out.println("|---|---|---|---|---|");
    for (Map.Entry<String, String> entry : files.entrySet()) {
      String code = entry.getKey();
      List<String> paragraphs = paragraphs(udhr.resolve(entry.getValue()));
      Map<String, List<String>> units = new LinkedHashMap<>();
      units.put("paragraphs", paragraphs);
      units.put("sentences", sentences(paragraphs));
      units.put("fragments", fragments(paragraphs));
      StringBuilder row = new StringBuilder("| " + code + " | " + entry.getValue() + " |");
      for (Map.Entry<String, List<String>> unit : units.entrySet()) {
        int rawOk = 0;
        int ourOk = 0;
        for (String text : unit.getValue()) {
          Language r = raw.detectLanguageOf(text);
          rawOk += r != Language.UNKNOWN && r.getIsoCode639_1().toString().equalsIgnoreCase(code) ? 1 : 0;
          ourOk += code.equals(tessera.detect(text, null).code()) ? 1 : 0;
        }
        int n = unit.getValue().size();
        int[] t = totals.computeIfAbsent(unit.getKey(), k -> new int[3]);
        t[0] += rawOk;
        t[1] += ourOk;
        t[2] += n;
        row.append(String.format(" %.1f / %.1f |", 100.0 * rawOk / n, 100.0 * ourOk / n));
      }
      System.out.println(row);
    }
    System.out.println();
    System.out.println("| unit | texts | raw Lingua | Tessera | difference (points) |");
    System.out.println("|---|---|---|---|---|");
    totals.forEach((unit, t) -> System.out.printf("| %s | %,d | %.2f%% | %.2f%% | %+.2f |%n", unit, t[2],
        100.0 * t[0] / t[2], 100.0 * t[1] / t[2], 100.0 * (t[1] - t[0]) / t[2]));
  }

  /**
   * The development set of languages Lingua lacks: real translations of the UDHR (file, the language's BCP 47
   * code). Assamese and Odia have none in the udhr package; their script rules are covered by the unit tests.
   */
  private static final String[][] OUTSIDE = {
      {"amh.html", "am"}, {"tir.html", "ti"}, {"hau_NG.html", "ha"}, {"sun.html", "su"}, {"jav.html", "jv"},
      {"khm.html", "km"}, {"lao.html", "lo"}, {"mya.html", "my"}, {"bod.html", "bo"}, {"dzo.html", "dz"},
      {"sin.html", "si"}, {"kan.html", "kn"}, {"mal.html", "ml"}, {"div.html", "dv"}, {"nep.html", "ne"},
      {"pbu.html", "ps"}, {"uig_arab.html", "ug"}, {"pnb.html", "pnb"}, {"kmr.html", "ku"}, {"ckb.html", "ckb"},
      {"kir.html", "ky"}, {"tgk.html", "tg"}, {"tat.html", "tt"}, {"ydd.html", "yi"}, {"bre.html", "br"},
      {"glg.html", "gl"}, {"ast.html", "ast"}, {"lnc.html", "oc"}, {"fri.html", "fy"}, {"ltz.html", "lb"},
      {"mlt.html", "mt"}, {"plt.html", "mg"}, {"ceb.html", "ceb"}, {"hat_kreyol.html", "ht"}, {"ibo.html", "ig"},
      {"kin.html", "rw"}, {"wol.html", "wo"}, {"lin.html", "ln"}, {"nya_chechewa.html", "ny"},
      {"uzn_latn.html", "uz"}, {"tuk_latn.html", "tk"}, {"quz.html", "qu"}};

  /**
   * Coverage of languages Lingua lacks, on the UDHR: per language and unit, the share Tessera gets right, calls
   * und, and gets confidently wrong (any other code), on the development set ({@link #OUTSIDE}, on which the gate's
   * rules were chosen) and on the held-out set (every other UDHR language Lingua lacks, not looked at while
   * choosing them); then Lingua's own languages' accuracy with the gate on and off, so the gate's cost to them
   * shows.
   */
  private static void coverage(Path udhr) throws Exception {
    LanguageDetection tessera = LanguageDetection.get(untrusting(true));
    LanguageDetection ungated = LanguageDetection.get(untrusting(false));
    LanguageDetector raw = LanguageDetectorBuilder.fromAllLanguages().build();
    Map<String, String> development = new LinkedHashMap<>();
    for (String[] entry : OUTSIDE) {
      development.put(entry[1], entry[0]);
    }
    System.out.println("Development set (the gate's rules were chosen on it):");
    outside(udhr, development, tessera, raw);
    System.out.println();
    System.out.println("Held-out set (every other UDHR language Lingua lacks):");
    outside(udhr, heldOut(udhr, development.keySet()), tessera, null);
    System.out.println();
    System.out.println("Lingua's own languages (UDHR), Tessera without and with the coverage gate:");
    System.out.println("| unit | texts | gate off | gate on | difference (points) | their texts called und |");
    System.out.println("|---|---|---|---|---|---|");
    Map<String, List<String>> units = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : udhrFiles(udhr).entrySet()) {
      List<String> paragraphs = paragraphs(udhr.resolve(entry.getValue()));
      units.computeIfAbsent("paragraphs", k -> new ArrayList<>()).addAll(tagged(entry.getKey(), paragraphs));
      units.computeIfAbsent("sentences", k -> new ArrayList<>()).addAll(tagged(entry.getKey(), sentences(paragraphs)));
      units.computeIfAbsent("fragments", k -> new ArrayList<>()).addAll(tagged(entry.getKey(), fragments(paragraphs)));
    }
    Map<String, Integer> lost = new TreeMap<>();
    for (Map.Entry<String, List<String>> unit : units.entrySet()) {
      int off = 0;
      int on = 0;
      int und = 0;
      for (String tagged : unit.getValue()) {
        String code = tagged.substring(0, tagged.indexOf('\t'));
        String text = tagged.substring(tagged.indexOf('\t') + 1);
        boolean wasRight = code.equals(ungated.detect(text, null).code());
        off += wasRight ? 1 : 0;
        String ours = tessera.detect(text, null).code();
        if (wasRight && !code.equals(ours)) {
          lost.merge(code + " as " + ours, 1, Integer::sum);
        }
        on += code.equals(ours) ? 1 : 0;
        und += ours.equals("und") ? 1 : 0;
      }
      int n = unit.getValue().size();
      System.out.printf("| %s | %,d | %.2f%% | %.2f%% | %+.2f | %.2f%% |%n", unit.getKey(), n, 100.0 * off / n,
          100.0 * on / n, 100.0 * (on - off) / n, 100.0 * und / n);
    }
    System.out.println("\nRight without the gate, not with it (all units; most often): " + most(lost, 12));
  }

  /**
   * Right / und / confidently wrong per language of {@code languages} (code to UDHR file), totals, totals by
   * whether a detector here can name the language, and the worst languages. {@code raw} (may be null) adds what
   * raw Lingua said.
   */
  private static void outside(Path udhr, Map<String, String> languages, LanguageDetection tessera,
      LanguageDetector raw) throws Exception {
    System.out.println("| language | UDHR file | texts (paragraphs, sentences, fragments) | right | und | confidently"
        + " wrong | wrong as (most often) | raw Lingua said (most often) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    // all, then languages some detector here can name, then the rest: right, und, wrong, texts, languages
    long[][] sums = new long[3][5];
    Map<String, Double> wrongShare = new TreeMap<>();
    for (Map.Entry<String, String> entry : languages.entrySet()) {
      String gold = entry.getKey();
      Path file = udhr.resolve(entry.getValue());
      if (!Files.exists(file)) {
        System.out.println("| " + gold + " | " + entry.getValue() + " | missing | | | | | |");
        continue;
      }
      List<String> paragraphs = paragraphs(file);
      List<String> texts = new ArrayList<>(paragraphs);
      texts.addAll(sentences(paragraphs));
      texts.addAll(fragments(paragraphs));
      if (texts.isEmpty()) {
        continue;
      }
      int right = 0;
      int und = 0;
      Map<String, Integer> wrongAs = new TreeMap<>();
      Map<String, Integer> rawSaid = new TreeMap<>();
      for (String text : texts) {
        String code = tessera.detect(text, null).code();
        if (code.equals(gold)) {
          right++;
        } else if (code.equals("und")) {
          und++;
        } else {
          wrongAs.merge(code, 1, Integer::sum);
        }
        if (raw != null) {
          Language r = raw.detectLanguageOf(text);
          rawSaid.merge(r == Language.UNKNOWN ? "und" : r.getIsoCode639_1().toString().toLowerCase(Locale.ROOT), 1,
              Integer::sum);
        }
      }
      int n = texts.size();
      int wrong = n - right - und;
      for (long[] sum : new long[][] {sums[0], sums[LanguageDetection.nameable(gold) ? 1 : 2]}) {
        sum[0] += right;
        sum[1] += und;
        sum[2] += wrong;
        sum[3] += n;
        sum[4]++;
      }
      wrongShare.put(gold, (double) wrong / n);
      System.out.printf("| %s | %s | %d | %.1f%% | %.1f%% | %.1f%% | %s | %s |%n", gold, entry.getValue(), n,
          100.0 * right / n, 100.0 * und / n, 100.0 * wrong / n, most(wrongAs), most(rawSaid));
    }
    String[] names = {"all", "a detector here can name them", "no detector here knows them"};
    System.out.println();
    System.out.println("| languages | count | texts | right | und | confidently wrong |");
    System.out.println("|---|---|---|---|---|---|");
    for (int i = 0; i < 3; i++) {
      long[] t = sums[i];
      if (t[3] > 0) {
        System.out.printf("| %s | %d | %,d | %.1f%% | %.1f%% | %.1f%% |%n", names[i], t[4], t[3],
            100.0 * t[0] / t[3], 100.0 * t[1] / t[3], 100.0 * t[2] / t[3]);
      }
    }
    System.out.println("Worst (confidently wrong): " + wrongShare.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
        .map(e -> String.format("%s %.1f%%", e.getKey(), 100 * e.getValue())).reduce((a, b) -> a + ", " + b)
        .orElse(""));
  }

  /**
   * The held-out languages: every UDHR file whose language (its lang attribute) is neither one of Lingua's nor in
   * the development set, one file per language (the one named after its ISO 639-3 code, else the first by name).
   * Codes are in ICU's canonical form, so Malaysian Malay (zlm) is Lingua's ms and Hausa's hau the development
   * set's ha.
   */
  private static Map<String, String> heldOut(Path dir, java.util.Set<String> development) throws Exception {
    Pattern attributes = Pattern.compile("<html[^>]*data-iso6393=\"([a-z]{3})\"[^>]*\slang=\"([^\"]+)\"");
    java.util.Set<String> lingua = LangIdSettings.linguaCodes();
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.sorted().toList()) {
        String head = Files.readString(f);
        Matcher m = attributes.matcher(head.substring(0, Math.min(400, head.length())));
        String code = m.find() ? io.tessera.langid.LanguageCodes.normalize(m.group(2)) : null;
        code = code == null ? null : com.ibm.icu.util.ULocale.createCanonical(code).getLanguage();
        if (code == null || lingua.contains(code) || development.contains(code)) {
          continue;
        }
        String name = f.getFileName().toString();
        if (!files.containsKey(code) || name.equals(m.group(1) + ".html")) {
          files.put(code, name);
        }
      }
    }
    return files;
  }

  /** Source hints off; -Dbench.fit and -Dbench.lead (BENCH_JAVA_OPTS) try other gate settings for calibration. */
  private static LangIdSettings untrusting(boolean coverage) {
    LangIdSettings settings = new LangIdSettings();
    settings.coverage = coverage;
    settings.trustSourceHint = false;
    settings.broadBelowFit = Double.parseDouble(System.getProperty("bench.fit", "" + settings.broadBelowFit));
    settings.broadMinLead = Double.parseDouble(System.getProperty("bench.lead", "" + settings.broadMinLead));
    return settings;
  }

  private static List<String> tagged(String code, List<String> texts) {
    return texts.stream().map(t -> code + "\t" + t).toList();
  }

  private static String most(Map<String, Integer> counts) {
    return most(counts, 3);
  }

  private static String most(Map<String, Integer> counts, int limit) {
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
        .map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
  }

  /**
   * One UDHR file per Lingua language: the file whose ISO 639-3 code (data-iso6393) is the language's, else the
   * first file (by name) whose lang attribute is its ISO 639-1 code (macrolanguages: cmn for zho, arb for ara).
   */
  private static Map<String, String> udhrFiles(Path dir) throws Exception {
    Map<String, String> byIso3 = new TreeMap<>();
    Map<String, String> byLang = new TreeMap<>();
    Pattern iso3 = Pattern.compile("data-iso6393=\"([a-z]{3})\"");
    Pattern lang = Pattern.compile("<html[^>]*\\slang=\"([a-zA-Z]+)");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String head = Files.readString(f);
        head = head.substring(0, Math.min(400, head.length()));
        Matcher i = iso3.matcher(head);
        String name = f.getFileName().toString();
        // The file named after the code (fra.html) over numbered variants (068.html) of the same language.
        if (i.find() && (!byIso3.containsKey(i.group(1)) || name.startsWith(i.group(1)))) {
          if (!byIso3.getOrDefault(i.group(1), "").startsWith(i.group(1))) {
            byIso3.put(i.group(1), name);
          }
        }
        Matcher m = lang.matcher(head);
        if (m.find()) {
          byLang.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), f.getFileName().toString());
        }
      }
    }
    Map<String, String> byCode = new TreeMap<>();
    for (Language language : Language.values()) {
      if (language == Language.UNKNOWN) {
        continue;
      }
      String code = language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
      String file = byIso3.getOrDefault(language.getIsoCode639_3().toString().toLowerCase(Locale.ROOT),
          byLang.get(code));
      if (file != null) {
        byCode.put(code, file);
      }
    }
    return byCode;
  }

  static List<String> paragraphs(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<p[^>]*>(.*?)</p>", Pattern.DOTALL).matcher(Files.readString(file));
    while (m.find()) {
      String text = org.apache.commons.text.StringEscapeUtils.unescapeHtml4(m.group(1).replaceAll("<[^>]+>", ""));
      text = Normalizer.normalize(text, Normalizer.Form.NFC).replaceAll("\\s+", " ").trim();
      if (text.codePointCount(0, text.length()) >= 20) {
        out.add(text);
      }
    }
    return out;
  }

  private static List<String> sentences(List<String> paragraphs) {
    List<String> out = new ArrayList<>();
    for (String p : paragraphs) {
      for (String s : p.split("(?<=[.;!?。；！？।።])\\s*")) {
        if (s.codePointCount(0, s.length()) >= 20) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  private static List<String> fragments(List<String> paragraphs) {
    List<String> out = new ArrayList<>();
    for (String p : paragraphs) {
      for (int at = 0; at + 45 <= p.length(); at += 45) {
        out.add(p.substring(at, at + 45));
      }
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
