package io.tessera.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.DuckDb;
import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecontaminationTest extends TestBase {
  private static final String QUESTION = "How important is it for you that your children learn to respect their"
      + " elders and keep the family traditions alive at every holiday";
  private static final String[] WORDS = ("river mango lantern violin harbor pepper canyon marble orchid saddle"
      + " tundra walnut ember glacier falcon quartz meadow pylon thistle cobalt jasmine anchor").split(" ");

  @TempDir
  Path dir;

  private JsonNode run(List<String> sources, String... overrides) throws Exception {
    List<String> settings = new ArrayList<>(List.of("langid.languages=[en, sw]"));
    settings.addAll(List.of(overrides));
    TesseraConfig config = ConfigLoader.quick(sources, dir.resolve("out").toString(), settings);
    new Pipeline(spark, config).execute();
    return new ObjectMapper().readTree(dir.resolve("out/_tessera/run.json").toFile());
  }

  @Test
  void aTrainingRecordQuotingAnExternalBenchmarkItemIsRemovedAndCounted() throws Exception {
    Path benchmark = dir.resolve("benchmark.jsonl");
    Files.writeString(benchmark, "{\"question\": \"" + QUESTION + "?\"}\n");
    String[] twelve = QUESTION.split(" ");
    Files.writeString(dir.resolve("posts.jsonl"), String.join("\n",
        jsonlPost("leak", "My survey answer, for the record: " + QUESTION.toUpperCase() + "! Very important, I said."),
        jsonlPost("near", "Twelve words only: " + String.join(" ", java.util.Arrays.copyOf(twelve, 12)) + " and nothing"
            + " more from that question appears in this post about dinner"),
        jsonlPost("clean", "We grilled fish by the lake and sang until the fire went out, then walked home slowly"))
        + "\n");
    JsonNode report = run(List.of("jsonl=" + dir.resolve("posts.jsonl")), "split.train=1.0", "split.validation=0",
        "split.test=0", "split.benchmark_files=[" + benchmark + "]");
    try (DuckDb db = new DuckDb()) {
      assertEquals(List.of("clean", "near"), db.query("select source.source_record_id as id from read_parquet('"
          + dir.resolve("out/data") + "/**/*.parquet') order by 1").stream().map(r -> r.get("id")).toList());
    }
    JsonNode source = report.get("sources").get(0);
    assertEquals(1, source.get("dropped_by_reason").get("contaminated").asInt(), source.toString());
    try (DuckDb db = new DuckDb()) {
      assertEquals(1, db.count("select count(*) from read_parquet('" + dir.resolve(
          "out/_work/default/split/contaminated") + "/*.parquet') where reason = 'benchmark_file'"));
    }
  }

  /** 40 records that share one 15-word passage and are otherwise different. */
  private void sharedPassagePosts() throws Exception {
    String passage = "the elders of our village always say that patience is the first ingredient of every good meal";
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      StringBuilder own = new StringBuilder();
      for (int w = 0; w < 30; w++) {
        own.append(WORDS[(i * 7 + w * (i % 5 + 1)) % WORDS.length]).append(i).append(w).append(' ');
      }
      lines.add(jsonlPost("r" + i, own + passage + " " + own));
    }
    Files.writeString(dir.resolve("posts.jsonl"), String.join("\n", lines) + "\n");
  }

  @Test
  void recordsSharingAPassageFormOneFamilyThatGoesToOneSplitWhole() throws Exception {
    sharedPassagePosts();
    JsonNode report = run(List.of("jsonl=" + dir.resolve("posts.jsonl")));
    try (DuckDb db = new DuckDb()) {
      String published = "read_parquet('" + dir.resolve("out/data") + "/**/*.parquet')";
      assertEquals(40, db.count("select count(*) from " + published), "none dropped");
      assertEquals(1, db.count("select count(distinct split) from " + published), "one family, one split");
    }
    assertTrue(report.get("sources").get(0).get("dropped_by_reason").path("contaminated").asInt() == 0,
        report.get("sources").get(0).toString());
  }

  @Test
  void aFamilyTooBigIsSplitByGroupAndItsLeakingTrainingRecordsRemovedWithTheReason() throws Exception {
    sharedPassagePosts();
    JsonNode report = run(List.of("jsonl=" + dir.resolve("posts.jsonl")), "split.max_family_records=39");
    try (DuckDb db = new DuckDb()) {
      String published = "read_parquet('" + dir.resolve("out/data") + "/**/*.parquet')";
      long heldOut = db.count("select count(*) from " + published + " where split <> 'train'");
      assertTrue(heldOut > 0, "some records are held out");
      assertEquals(0, db.count("select count(*) from " + published + " where split = 'train'"), "all train leaked");
      assertEquals(40 - heldOut, report.get("sources").get(0).get("dropped_by_reason").get("contaminated").asInt());
      assertEquals(40 - heldOut, db.count("select count(*) from read_parquet('" + dir.resolve(
          "out/_work/default/split/contaminated") + "/*.parquet') where reason = 'family_too_big'"));
    }
  }
}
