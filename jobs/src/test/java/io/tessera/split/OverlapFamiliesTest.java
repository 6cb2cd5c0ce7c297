package io.tessera.split;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.DuckDb;
import io.tessera.TestBase;
import io.tessera.bench.NearDupBench;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.dedup.Shingles;
import io.tessera.dedup.TextNormalizer;
import io.tessera.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits that respect what records are: survey batteries and overlap families go to one split whole. */
class OverlapFamiliesTest extends TestBase {
  @TempDir
  Path dir;

  private JsonNode run(List<String> sources, String... overrides) throws Exception {
    TesseraConfig config = ConfigLoader.quick(sources, dir.resolve("out").toString(), List.of(overrides));
    new Pipeline(spark, config).execute();
    return new ObjectMapper().readTree(dir.resolve("out/_tessera/run.json").toFile());
  }

  @Test
  void quickModeHoldsSurveysOutUnlessToldOtherwise() {
    String mena = "menavalues=" + fixtures().resolve("surveys/menavalues/csv-derived");
    assertEquals(TesseraConfig.Split.TEST, ConfigLoader.quick(List.of(mena), "out", List.of()).sources.get(0).split);
    assertNull(ConfigLoader.quick(List.of(mena), "out", List.of("sources.0.split=null")).sources.get(0).split);
    assertNull(ConfigLoader.quick(List.of("jsonl=x.jsonl"), "out", List.of()).sources.get(0).split);
  }

  @Test
  void menaValuesAsATrainingSourceKeepsAllItsQuestionsAndEachBatteryInOneSplit() throws Exception {
    JsonNode report = run(List.of("menavalues=" + fixtures().resolve("surveys/menavalues/csv-derived")),
        "sources.0.split=null", "langid.languages=[en, ar]");
    JsonNode source = report.get("sources").get(0);
    assertEquals(0, source.get("duplicates").asInt(), source.toString());
    assertEquals(0, source.get("dropped_by_reason").path("contaminated").asInt(), source.toString());
    try (DuckDb db = new DuckDb()) {
      String published = "read_parquet('" + dir.resolve("out/data") + "/**/*.parquet', union_by_name = true)";
      assertEquals(864, db.count("select count(distinct survey.question_id) from " + published));
      assertTrue(db.count("select count(distinct split) from " + published) > 1, "split, not all held out");
      assertTrue(db.count("select count(distinct survey.battery) from " + published) >= 30, "batteries recognised");
      assertEquals(0, db.count("select count(*) from (select survey.battery from " + published
          + " where survey.battery is not null group by 1 having count(distinct split) > 1)"), "no battery straddles");
    }
  }

  @Test
  void documentsThatReuseParagraphsAreKeptTogetherNotDropped() throws Exception {
    // 600 documents of three Wikipedia paragraphs; a fifth of the paragraphs come from a pool of 100 that many
    // documents reuse, the rest are each used once.
    List<String[]> paragraphs = NearDupBench.baseParagraphs(spark);
    SplittableRandom random = new SplittableRandom(20);
    int fresh = 100;
    List<String> lines = new ArrayList<>();
    for (int d = 0; d < 600; d++) {
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        String[] words = paragraphs.get(random.nextDouble() < 0.2 ? random.nextInt(100) : fresh++);
        parts.add(String.join(" ", words).replace("\\", " ").replace("\"", "'"));
      }
      lines.add(jsonlPost("d" + d, String.join("\\n\\n", parts)));
    }
    Files.writeString(dir.resolve("docs.jsonl"), String.join("\n", lines) + "\n");
    JsonNode report = run(List.of("jsonl=" + dir.resolve("docs.jsonl")), "langid.languages=[en, de]");
    JsonNode source = report.get("sources").get(0);
    long contaminated = source.get("dropped_by_reason").path("contaminated").asLong();
    assertTrue(contaminated <= 6, "at most 1 % dropped as contaminated: " + source);

    Shingles ngrams = new Shingles(13, 20, Integer.MAX_VALUE);
    Set<Long> heldOut = new HashSet<>();
    List<long[]> train = new ArrayList<>();
    for (Row row : spark.read().parquet(dir.resolve("out/data").toString()).select(col("split"), col("text"))
        .collectAsList()) {
      long[] hashes = ngrams.of(TextNormalizer.normalize(row.getString(1)));
      if (row.getString(0).equals("train")) {
        train.add(hashes);
      } else {
        for (long h : hashes) {
          heldOut.add(h);
        }
      }
    }
    assertTrue(train.size() > 300 && !heldOut.isEmpty(), train.size() + " training records");
    for (long[] hashes : train) {
      for (long h : hashes) {
        assertTrue(!heldOut.contains(h), "a training record shares a 13-gram with a held-out record");
      }
    }
  }
}
