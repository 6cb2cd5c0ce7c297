package io.tessera.langid;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunReport;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The langid stage on real multilingual text written by others: Wikipedia fragments in 11 editions (gold: the
 * edition) and K-pop tweets (weak gold: the language Twitter declared). Figures are printed for docs/langid.md.
 */
class LangIdStageTest extends TestBase {
  @TempDir
  static Path dir;
  static Dataset<Row> docs;
  static RunReport report;

  @BeforeAll
  static void run() {
    TesseraConfig config = ConfigLoader.quick(List.of(
            "wikipedia-xml=" + fixtures().resolve("wikipedia/fragments"),
            "twitter=" + fixtures().resolve("twitter/twitter-v2-twarc/kpop.jsonl"),
            "chat=" + repo().resolve("data/sample/chat/chat.jsonl")),
        dir.resolve("out").toString(), List.of("run.stages=[ingest, langid]", "sources.0.name=wiki",
            "sources.1.name=kpop", "sources.2.name=chat", "langid.trust_source_hint=false"));
    report = new Pipeline(spark, config).execute();
    docs = spark.read().parquet(Pipeline.paths(config).stageData("langid")).cache();
  }

  @Test
  void wikipediaEditionsAreRecognised() {
    Dataset<Row> wiki = docs.where(col("source.name").equalTo("wiki"));
    long right = wiki.where(col("language").equalTo(col("lang.source_declared"))).count();
    System.out.printf("langid: Wikipedia fragments, edition language found in %d of %d pages%n", right, wiki.count());
    assertEquals(19, wiki.count());
    assertTrue(right >= 18, right + " of 19");
    assertEquals(0, wiki.where(col("language").notEqual(col("lang.code"))).count());
    assertEquals(wiki.where(col("lang.agrees_with_source")).count(), right);
  }

  @Test
  void tweetsMostlyAgreeWithTheLanguageTwitterDeclared() {
    Dataset<Row> ko = docs.where(col("source.name").equalTo("kpop").and(col("lang.source_declared").equalTo("ko")));
    Dataset<Row> en = docs.where(col("source.name").equalTo("kpop").and(col("lang.source_declared").equalTo("en")));
    double koAgree = (double) ko.where(col("language").equalTo("ko")).count() / ko.count();
    double enAgree = (double) en.where(col("language").equalTo("en")).count() / en.count();
    System.out.printf("langid: kpop tweets agree with Twitter's lang: ko %.2f of %d, en %.2f of %d%n", koAgree,
        ko.count(), enAgree, en.count());
    assertEquals(26, ko.count());
    // Weak gold: 9 of the 26 are announcements such as "ARIAZ CONCEPT PHOTO 공개 05'", mostly Latin letters,
    // which Twitter calls Korean and Lingua English.
    assertTrue(koAgree >= 0.6, "ko " + koAgree);
    assertTrue(enAgree >= 0.8, "en " + enAgree);
  }

  @Test
  void dialogueTurnsGetTheirOwnLanguage() {
    Row chat = docs.where(col("source.source_record_id").equalTo("chat-003")).first();
    Row dialogue = chat.getAs("dialogue");
    for (Row turn : dialogue.<Row>getList(dialogue.fieldIndex("turns"))) {
      assertEquals("de", turn.getAs("lang"), turn.toString());
    }
    assertEquals("de", chat.getAs("language"));
  }

  @Test
  void theStageCountsRecordsByMethod() {
    var stage = report.stages.stream().filter(s -> s.name.equals("langid")).findFirst().orElseThrow();
    long counted = stage.stats.entrySet().stream().filter(e -> e.getKey().startsWith("method_"))
        .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    assertEquals(stage.recordsOut, counted);
    assertTrue(stage.stats.containsKey("method_script"), stage.stats.toString());
  }
}
