package io.tessera.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines readers on real files written by others (../shared/fixtures) and on the sample corpus, in one
 * ingest run. Expected counts were established with a separate Python script over the same files (see each test).
 */
class SocialAndDialogueReadersTest extends TestBase {
  @TempDir
  static Path dir;
  static RunPaths paths;
  static Dataset<Row> docs;

  private static final String[][] SOURCES = {
      {"rc", "reddit", "reddit/test_comments.ndjson"},
      {"rs", "reddit", "reddit/test_submissions.ndjson"},
      {"kpop", "twitter", "twitter/twitter-v2-twarc/kpop.jsonl"},
      {"streaming-v2", "twitter", "twitter/twitter-v2-twarc/streaming_output_with_error.jsonl"},
      {"flat", "twitter", "twitter/twitter-v2-twarc/flat.jsonl"},
      {"counts", "twitter", "twitter/twitter-v2-twarc/counts.jsonl"},
      {"stream-v1", "twitter", "twitter/twitter-v1-2009/streamingapi-testcase.json"},
      {"timeline-v1", "twitter", "twitter/twitter-v1-2009/dao__statuses__home_timeline.json"},
  };

  @BeforeAll
  static void ingestAll() {
    List<String> specs = new ArrayList<>();
    List<String> overrides = new ArrayList<>(List.of("run.stages=[ingest]"));
    for (int i = 0; i < SOURCES.length; i++) {
      specs.add(SOURCES[i][1] + "=" + fixtures().resolve(SOURCES[i][2]));
      overrides.add("sources." + i + ".name=" + SOURCES[i][0]);
    }
    Path sample = repo().resolve("data/sample");
    specs.add("culturepark=" + sample.resolve("dialogues/culturepark.jsonl"));
    overrides.add("sources." + SOURCES.length + ".name=culturepark");
    specs.add("chat=" + sample.resolve("chat/chat.jsonl"));
    overrides.add("sources." + (SOURCES.length + 1) + ".name=chat");
    specs.add("twitter=" + sample.resolve("twitter"));
    overrides.add("sources." + (SOURCES.length + 2) + ".name=sample-twitter");
    specs.add("csv:normdial=" + fixtures().resolve("dialogues/normdial"));
    overrides.add("sources." + (SOURCES.length + 3) + ".name=normdial");
    TesseraConfig config = ConfigLoader.quick(specs, dir.resolve("out").toString(), overrides);
    new Pipeline(spark, config).execute();
    paths = Pipeline.paths(config);
    docs = spark.read().parquet(paths.stageData("ingest")).cache();
  }

  private static long docs(String source) {
    return docs.where(col("source.name").equalTo(source)).count();
  }

  private static Map<String, Long> skipped(String source) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : spark.read().parquet(paths.stageTable("ingest", "skipped"))
        .where(col("source_name").equalTo(source)).collectAsList()) {
      out.put(r.getAs("skip_reason"), r.getAs("count"));
    }
    return out;
  }

  private static long rejects(String source) {
    return spark.read().parquet(paths.stageTable("ingest", "rejects")).where(col("source_name").equalTo(source)).count();
  }

  @Test
  void redditCommentsAndSubmissions() {
    // 27 comments: 2 [deleted], 2 [removed]; 31 submissions, 6 over_18; created_utc as int, float and string.
    assertEquals(23, docs("rc"));
    assertEquals(Map.of("deleted", 2L, "removed", 2L), skipped("rc"));
    assertEquals(31, docs("rs"));
    assertEquals(6, docs.where(col("source.name").equalTo("rs").and(col("quality.nsfw"))).count());
    assertEquals(0, docs.where(col("source.dataset").equalTo("reddit").and(col("created_at").isNull())).count());
    assertEquals(0, docs.where(col("source.name").equalTo("rc").and(col("social.community").isNull())).count());
    Row comment = docs.where(col("source.source_record_id").equalTo("t1_kod0bkd")).first();
    assertEquals("social_comment", comment.getAs("kind"));
    assertEquals(java.sql.Timestamp.from(java.time.Instant.ofEpochSecond(1706745600L)), comment.getAs("created_at"));
    assertEquals("t3_1afjd7n", ((Row) comment.getAs("social")).getAs("thread_id"));
    assertEquals(0, rejects("rc") + rejects("rs"));
    assertEquals(0, docs.where(col("text").contains("&gt;")).count(), "HTML entities decoded");
  }

  @Test
  void authorsAreNeverStoredRaw() {
    // Without TESSERA_AUTHOR_HASH_KEY the hash is empty; the names appear in no column.
    assertEquals(0, docs.where(col("social.author_hash").isNotNull()).count());
    for (String name : List.of("DubsAli", "isstter")) {
      assertEquals(0, docs.where(col("metadata").cast("string").contains(name)
          .or(col("social").cast("string").contains(name))).count(), name);
    }
    AuthorHasher keyed = new AuthorHasher("k".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(keyed.hash("reddit", "DubsAli"), keyed.hash("reddit", "DubsAli"));
    assertFalse(keyed.hash("reddit", "DubsAli").contains("DubsAli"));
    assertNull(keyed.hash("reddit", "[deleted]"));
    assertFalse(keyed.toString().contains("k]"));
  }

  @Test
  void twitterV2PagesFlatLinesAndErrors() {
    assertEquals(100, docs("kpop"));
    assertEquals(26, docs.where(col("source.name").equalTo("kpop").and(col("lang.source_declared").equalTo("ko"))).count());
    // 78 retweets, each resolved to its original's full text from includes.tweets.
    assertEquals(78, docs.where(col("source.name").equalTo("kpop").and(col("metadata.retweet_of").isNotNull())).count());
    assertEquals(0, docs.where(col("source.name").equalTo("kpop").and(col("text").startsWith("RT @"))).count());
    assertEquals(7, docs("streaming-v2"));
    assertEquals(1, rejects("streaming-v2"));
    assertEquals(100, docs("flat"));
    assertEquals(0, docs("counts"));
    assertEquals(Map.of("not_a_tweet", 169L), skipped("counts"));
  }

  @Test
  void twitterV1StreamsAndTimelines() {
    assertEquals(3, docs("stream-v1"));
    assertEquals(Map.of("delete_notice", 2L, "not_a_tweet", 1L), skipped("stream-v1"));
    assertEquals(16, docs("timeline-v1"));
    // The sample: a retweet resolved to its original text, the extended tweet's full text, a place's country.
    assertEquals(5, docs("sample-twitter") - 2, "v1 file 5 tweets + v2 page 2 tweets");
    assertEquals(2, docs.where(col("source.name").equalTo("sample-twitter")
        .and(col("text").startsWith("Gong Xi Fa Cai!"))).count());
    assertTrue(docs.where(col("source.name").equalTo("sample-twitter").and(col("text").endsWith("người Việt."))).count() == 1);
    assertEquals(List.of("GR", "MA", "MY", "SG", "TH"), docs.where(col("source.name").equalTo("sample-twitter")
        .and(col("social.place_country").isNotNull())).select("social.place_country").distinct().orderBy("place_country")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void cultureParkDialogues() {
    assertEquals(2, docs("culturepark"));
    assertEquals(1, rejects("culturepark"));
    Row d = docs.where(col("source.name").equalTo("culturepark")).orderBy("source.position").first();
    Row dialogue = d.getAs("dialogue");
    List<Row> turns = dialogue.getList(dialogue.fieldIndex("turns"));
    assertEquals(6, turns.size());
    assertEquals("system", turns.get(0).getAs("role"));
    assertEquals("Abdul", turns.get(1).getAs("speaker"));
    List<Row> personas = dialogue.getList(dialogue.fieldIndex("personas"));
    assertEquals("Abdul", personas.get(0).getAs("name"));
    assertEquals("Arabic", personas.get(0).getAs("culture"));
    assertNull(personas.get(1).getAs("culture"));
    assertFalse(((String) d.getAs("text")).contains("You are Abdul"), "system prompts are not text");
  }

  @Test
  void normDialCsvThroughItsPreset() {
    // 1,827 rows in 20 files; one American row has no labelled turn. Turn counts from the same two patterns in Python.
    assertEquals(1826, docs("normdial"));
    assertEquals(1, rejects("normdial"));
    Dataset<Row> normdial = docs.where(col("source.name").equalTo("normdial"));
    assertEquals(1033, normdial.where(col("metadata.culture").equalTo("Chinese")).count());
    assertEquals(793, normdial.where(col("metadata.culture").equalTo("American")).count());
    assertEquals(15051L, normdial.selectExpr("sum(size(dialogue.turns))").first().getLong(0));
    assertEquals(0, normdial.where("exists(dialogue.personas, p -> p.culture is null)").count());
    assertEquals(0, normdial.where("exists(dialogue.turns, t -> t.label is null)").count());
    Row first = normdial.where(col("metadata.norm").equalTo("apology").and(col("metadata.status").equalTo("adherence"))
        .and(col("metadata.culture").equalTo("Chinese"))).orderBy("source.position").first();
    Row turn = (Row) ((Row) first.getAs("dialogue")).getList(0).get(0);
    assertEquals("小明", turn.getAs("speaker"));
    assertEquals("Adhered", turn.getAs("label"));
    assertEquals("dialogue", first.getAs("kind"));
  }

  @Test
  void chatMessagesAndShareGpt() {
    assertEquals(3, docs("chat"));
    assertEquals(1, rejects("chat"));
    Row shareGpt = docs.where(col("source.source_record_id").equalTo("chat-002")).first();
    Row dialogue = shareGpt.getAs("dialogue");
    List<Row> turns = dialogue.getList(dialogue.fieldIndex("turns"));
    assertEquals(List.of("user", "assistant"), turns.stream().map(t -> (String) t.getAs("role")).toList());
    assertNotNull(shareGpt.getAs("text"));
  }
}
