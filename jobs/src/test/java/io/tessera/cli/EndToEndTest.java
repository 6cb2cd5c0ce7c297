package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.DuckDb;
import io.tessera.TestBase;
import io.tessera.pipeline.StageNames;
import io.tessera.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CLI on the shipped sample corpus and reads the published dataset back with DuckDB. The expected counts
 * come from how data/sample was written (see its README), not from a previous run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest extends TestBase {
  @TempDir
  static Path dir;

  private static final JsonMapper JSON = new JsonMapper();

  /** The demo config with the sample paths made absolute (tests run in jobs/). */
  static String[] demoRun(Path output, String... extra) {
    Path sample = repo().resolve("data/sample");
    List<String> args = new ArrayList<>(List.of("run", "--config", repo().resolve("conf/demo.yaml").toString(),
        "--output", output.toString(),
        "--set", "sources.0.path=" + sample.resolve("posts.jsonl"),
        "--set", "sources.1.path=" + sample.resolve("reddit"),
        "--set", "sources.2.path=" + sample.resolve("twitter"),
        "--set", "sources.3.path=" + sample.resolve("wiki"),
        "--set", "sources.4.path=" + sample.resolve("dialogues/culturepark.jsonl"),
        "--set", "sources.5.path=" + sample.resolve("chat/chat.jsonl"),
        "--set", "sources.6.path=" + sample.resolve("surveys/values_items.jsonl")));
    args.addAll(Arrays.asList(extra));
    return args.toArray(String[]::new);
  }

  private static JsonNode runJson(Path output) throws IOException {
    return JSON.readTree(output.resolve("_tessera/run.json").toFile());
  }

  private static String glob(Path output) {
    return "read_parquet('" + output.resolve("data") + "/**/*.parquet', hive_partitioning=true)";
  }

  @Test
  @Order(1)
  void demoRunPublishesTheSampleAsExpected() throws Exception {
    Path out = dir.resolve("demo");
    CliTest.Result r = CliTest.run(demoRun(out));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(out.resolve("data").toString()), "prints where the dataset landed: " + r.out());

    try (DuckDb db = new DuckDb()) {
      // posts: 22 lines - 2 malformed - 1 empty - 1 exact repost - 1 near copy (p015: one word added to p001's 36,
      // word 5-gram Jaccard 0.76, character 3-grams 0.96); reddit: 11 - 1 malformed - [deleted] - [removed]
      // - 1 over_18 - 1 repost; tweets: 7 v1 lines - delete notice - limit notice - a retweet (its original's text
      // makes it a duplicate) + 2 in the v2 page; wiki: 5 pages - a redirect - a template; CulturePark: 3 - 1
      // malformed; chat: 4 - 1 malformed; surveys: 5 - 1 whose distribution does not fit its options.
      Map<String, Long> perSource = new TreeMap<>();
      for (Map<String, Object> row : db.query("select source.name as s, count(*) as n from " + glob(out) + " group by 1")) {
        perSource.put((String) row.get("s"), ((Number) row.get("n")).longValue());
      }
      assertEquals(Map.of("sample-posts", 17L, "sample-reddit", 6L, "sample-tweets", 6L, "sample-wiki", 3L,
          "sample-dialogues", 2L, "sample-chat", 3L, "sample-surveys", 4L), perSource);

      Set<String> columns = db.query("describe select * from " + glob(out)).stream()
          .map(row -> (String) row.get("column_name")).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(Arrays.asList(Tables.DATASET.fieldNames())), columns);

      // Partition folders and the in-file columns agree, for every row.
      assertEquals(0, db.count("select count(*) from read_parquet('" + out.resolve("data")
          + "/**/*.parquet', hive_partitioning=false, filename=true) where filename not like '%/split=' || split"
          + " || '/country=' || country || '/%' or country <> coalesce(split_part(culture, '-', 1), 'und')"));
      assertEquals(Set.of("train", "validation", "test"), db.query("select distinct split from " + glob(out)).stream()
          .map(row -> (String) row.get("split")).collect(Collectors.toSet()));
      assertEquals(0, db.count("select count(*) from " + glob(out) + " where language <> lang.code"));
      // English, as Lingua finds it: p001 (or its repost p014 or near copy p015), two tweets (the retweet is a
      // duplicate), two survey items, two Reddit comments (one of a repost pair), one chat and both CulturePark
      // dialogues.
      assertEquals(10, db.count("select count(*) from " + glob(out) + " where language = 'en'"));

      // The chat form: every published dialogue and chat has messages, nothing else does; role-play personas
      // become user (first speaker) and assistant; chats keep their roles.
      assertEquals(0, db.count("select count(*) from " + glob(out) + " where (messages is null) = (dialogue is not null)"));
      assertEquals(0, db.count("select count(*) from " + glob(out) + ", unnest(messages) as m(msg)"
          + " where msg.role not in ('system', 'user', 'assistant') or msg.content = ''"));
      assertEquals(Set.of("system", "user", "assistant"), db.query("select distinct unnest(messages).role as role from "
          + glob(out) + " where kind = 'dialogue' and source.name = 'sample-dialogues'").stream()
          .map(row -> (String) row.get("role")).collect(Collectors.toSet()));
      assertEquals(List.of("user"), db.query("select distinct list_filter(messages, m -> m.role <> 'system')[1].role"
          + " as role from " + glob(out) + " where source.name = 'sample-dialogues'").stream()
          .map(row -> row.get("role")).toList());
      assertTrue(db.count("select count(*) from " + glob(out) + " where source.name = 'sample-chat'"
          + " and list_contains(list_transform(messages, m -> m.role), 'system')") > 0, "chat system prompts kept");

      // The dataset card: a Hugging Face YAML header whose data_files globs find every published file, once.
      String card = Files.readString(out.resolve("README.md"));
      assertTrue(card.startsWith("---\n"), card);
      com.fasterxml.jackson.databind.JsonNode header = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
          .readTree(card.substring(4, card.indexOf("\n---\n", 4)));
      long matched = 0;
      for (com.fasterxml.jackson.databind.JsonNode file : header.get("configs").get(0).get("data_files")) {
        java.nio.file.PathMatcher glob = out.getFileSystem().getPathMatcher("glob:" + file.get("path").asText());
        try (var walk = Files.walk(out.resolve("data"))) {
          matched += walk.filter(p -> glob.matches(out.relativize(p))).count();
        }
      }
      try (var walk = Files.walk(out.resolve("data"))) {
        assertEquals(walk.filter(p -> p.toString().endsWith(".parquet")).count(), matched);
      }
      // Each benchmark table is a config of its own whose glob finds its files.
      Map<String, String> benchmarkConfigs = new TreeMap<>();
      for (JsonNode c : header.get("configs")) {
        if (!c.get("config_name").asText().equals("default")) {
          benchmarkConfigs.put(c.get("config_name").asText(), c.get("data_files").get(0).get("path").asText());
        }
      }
      assertEquals(Map.of("survey_items", "benchmark/survey_items/*.parquet",
          "dialogue_items", "benchmark/dialogue_items/*.parquet"), benchmarkConfigs);
      // Held-out dialogues with two or more messages are the dialogue items (HeldOutDialoguesTest checks their
      // content on NormDial).
      long heldOutDialogues = db.count("select count(*) from " + glob(out)
          + " where split <> 'train' and len(messages) >= 2");
      assertTrue(heldOutDialogues > 0);
      assertEquals(heldOutDialogues, db.count("select count(*) from read_parquet('"
          + out.resolve("benchmark/dialogue_items") + "/*.parquet')"));
      List<String> languages = new ArrayList<>();
      header.get("language").forEach(l -> languages.add(l.asText()));
      assertEquals(db.query("select distinct language from " + glob(out) + " where language <> 'und' order by 1")
          .stream().map(row -> (String) row.get("language")).toList(), languages);
      assertEquals("apache-2.0", header.get("license").asText(), "every sample source is Apache-2.0");
      // Croissant: a FileSet of the Parquet files and a RecordSet with a field per published column.
      JsonNode croissant = JSON.readTree(out.resolve("croissant.json").toFile());
      assertEquals("http://mlcommons.org/croissant/1.0", croissant.get("conformsTo").asText());
      assertEquals("data/**/*.parquet", croissant.get("distribution").get(0).get("includes").asText());
      List<String> fields = new ArrayList<>();
      croissant.get("recordSet").get(0).get("field").forEach(f -> fields.add(f.get("name").asText()));
      assertEquals(Arrays.asList(Tables.DATASET.fieldNames()), fields);

      // A survey question's translations share one split (Q1 in en and ar, Q6 in en and ja).
      assertEquals(0, db.count("select count(*) from (select survey.question_id from " + glob(out)
          + " where survey is not null group by 1 having count(distinct split) > 1)"));
      // The demo config holds the survey source out (sources[].split: test): all of it is in test.
      assertEquals(List.of("test"), db.query("select distinct split from " + glob(out)
          + " where source.name = 'sample-surveys'").stream().map(row -> row.get("split")).toList());
      // Survey benchmark items: one per held-out survey record and population, distributions summing to 1,
      // three framings naming the population in the prompt's language.
      String items = "read_parquet('" + out.resolve("benchmark/survey_items") + "/*.parquet')";
      assertEquals(16, db.count("select sum(len(survey.distributions)) from " + glob(out)
          + " where survey is not null and split <> 'train'"));
      assertEquals(16, db.count("select count(*) from " + items));
      assertEquals(0, db.count("select count(*) from " + items + " where abs(list_sum(distribution) - 1) > 1e-9"
          + " or len(distribution) <> len(options) or not contains(prompt_persona, population_label)"
          + " or not contains(prompt_observer, population_label) or not starts_with(prompt_persona, '')"
          + " or not contains(prompt_neutral, options[1])"));
      assertTrue(db.count("select count(distinct prompt_language) from " + items) >= 2, "prompts in several languages");

      String aFile = firstParquet(out.resolve("data"));
      Map<String, Object> createdAt = db.query("select type, logical_type from parquet_schema('" + aFile
          + "') where name = 'created_at'").get(0);
      assertEquals("INT64", createdAt.get("type"));
      assertTrue(String.valueOf(createdAt.get("logical_type")).contains("MICROS"), createdAt.toString());
      assertEquals(Set.of("ZSTD"), db.query("select distinct compression from parquet_metadata('" + aFile + "')")
          .stream().map(row -> (String) row.get("compression")).collect(Collectors.toSet()));
      assertEquals(java.time.OffsetDateTime.parse("2024-02-15T00:00Z"), db.query("select created_at from "
          + glob(out) + " where source.source_record_id = 't1_kq1a001'").get(0).get("created_at"));

      List<String> rejects = db.query("select source_name, line, reason from read_parquet('" + out.resolve("rejects")
          + "/*.parquet') order by 1, 2").stream()
          .map(row -> row.get("source_name") + ":" + row.get("line") + ":" + row.get("reason")).toList();
      assertEquals(List.of("sample-chat:4:not_a_chat", "sample-dialogues:3:malformed_json",
          "sample-posts:20:malformed_json", "sample-posts:21:malformed_json", "sample-reddit:10:malformed_json",
          "sample-surveys:5:bad_distribution"), rejects);
    }

    try (Stream<Path> files = Files.walk(out)) {
      List<String> clutter = files.filter(p -> !p.startsWith(out.resolve("_work")))
          .map(p -> p.getFileName().toString())
          .filter(n -> n.equals("_SUCCESS") || n.endsWith(".crc") || n.startsWith("_p_")).toList();
      assertEquals(List.of(), clutter);
    }

    JsonNode report = runJson(out);
    assertEquals("succeeded", report.get("status").asText());
    for (String field : List.of("run_id", "config_fingerprint", "code_version", "started_at", "finished_at")) {
      assertTrue(report.hasNonNull(field), field);
    }
    List<String> stages = new ArrayList<>();
    report.get("stages").forEach(s -> stages.add(s.get("name").asText()));
    assertEquals(StageNames.ALL, stages);
    for (JsonNode source : report.get("sources")) {
      long accounted = source.get("published").asLong() + source.get("dropped").asLong()
          + source.get("duplicates").asLong() + source.get("rejected").asLong();
      assertEquals(source.get("records_in").asLong(), accounted, source.toString());
      assertTrue(source.get("bytes").asLong() > 0, source.toString());
    }
    JsonNode reddit = report.get("sources").get(1);
    assertEquals(11, reddit.get("records_in").asLong());
    assertEquals(1, reddit.get("duplicates").asLong());
    assertEquals(Map.of("deleted", 1, "nsfw", 1, "removed", 1),
        JSON.convertValue(reddit.get("dropped_by_reason"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() {}));
  }

  /**
   * report.html opens from the file system in headless Chromium (Debian's chromium; .ci/run installs it and sets
   * TESSERA_REQUIRE_BROWSER) with no network, and its script draws every chart.
   */
  @Test
  @Order(2)
  void theReportRendersItsChartsInABrowser() throws Exception {
    Path report = dir.resolve("demo/report.html");
    assertTrue(Files.exists(report), "publish writes report.html");
    Path chromium = Path.of(System.getenv().getOrDefault("TESSERA_CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      assertTrue(System.getenv("TESSERA_REQUIRE_BROWSER") == null, "no browser at " + chromium);
      org.junit.jupiter.api.Assumptions.abort("no Chromium at " + chromium + " (.ci/run installs it)");
    }
    Path profile = Files.createTempDirectory(dir, "chromium");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
        report.toUri().toString()).redirectError(dir.resolve("chromium.log").toFile()).start();
    String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "Chromium finished");
    assertTrue(dom.contains("data-rendered=\"6\""), "six charts drawn: " + dom.substring(0, Math.min(800,
        dom.length())));
    long bars = java.util.regex.Pattern.compile("<rect").matcher(dom).results().count();
    assertTrue(bars >= 20, "bars drawn: " + bars);
    assertTrue(dom.contains("Training split by culture, before and after balance"), "the balance chart");
  }

  @Test
  @Order(4)
  void rerunSkipsFinishedStagesAndAThresholdRerunsSelectOnward() throws Exception {
    Path out = dir.resolve("demo");
    assertEquals(0, CliTest.run(demoRun(out)).code());
    runJson(out).get("stages").forEach(s -> assertEquals("skipped", s.get("status").asText(), s.toString()));

    CliTest.Result r = CliTest.run(demoRun(out, "--set", "select.min_chars=100"));
    assertEquals(0, r.code(), r.err());
    Map<String, String> status = new TreeMap<>();
    runJson(out).get("stages").forEach(s -> status.put(s.get("name").asText(), s.get("status").asText()));
    assertEquals(Map.of("ingest", "skipped", "langid", "skipped", "tag", "skipped", "dedup", "skipped",
        "select", "ran", "split", "ran", "publish", "ran"), status);
    try (DuckDb db = new DuckDb()) {
      assertEquals(0, db.count("select count(*) from " + glob(out) + " where quality.char_count < 100"));
    }
  }

  /** One shuffle partition against the first test's demo run, made with the test session's four. */
  @Test
  @Order(3)
  void sameRowsAndSplitsWhateverThePartitioning() throws Exception {
    Path one = dir.resolve("p1");
    Path four = dir.resolve("demo");
    assertEquals("4", spark.conf().get("spark.sql.shuffle.partitions"), "the partitioning the demo run had");
    assertEquals(0, CliTest.run(demoRun(one, "--set", "spark.conf.spark.sql.shuffle.partitions=1")).code());
    try (DuckDb db = new DuckDb()) {
      String rows = "select doc_id, split, culture, language, text from %s order by doc_id";
      assertEquals(db.query(String.format(rows, glob(four))), db.query(String.format(rows, glob(one))));
    }
  }

  @Test
  @Order(5)
  void strictModeFailsWithExitCode3NamingFileAndLine() {
    CliTest.Result r = CliTest.run(demoRun(dir.resolve("strict"), "--set", "run.strict=true"));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("chat.jsonl line 4"), "the first reject by file and position: " + r.err());
  }

  private static String firstParquet(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow().toString();
    }
  }
}
