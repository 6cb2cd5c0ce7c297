package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactDedupTest extends TestBase {
  @TempDir
  Path dir;

  @Test
  void theSameRecordReadTwiceKeepsExactlyOneCopy() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    String comment = "{\"id\":\"abc\",\"name\":\"t1_abc\",\"subreddit\":\"Kenya\",\"created_utc\":1700000000,"
        + "\"body\":\"Nyama choma on Sunday afternoons is how our family catches up.\"}\n";
    String other = "{\"id\":\"def\",\"name\":\"t1_def\",\"subreddit\":\"Kenya\",\"created_utc\":1700000001,"
        + "\"body\":\"NYAMA CHOMA on Sunday afternoons, is how our family catches up!\"}\n";
    Files.writeString(in.resolve("RC_a.ndjson"), comment + other);
    Files.writeString(in.resolve("RC_b.ndjson"), comment);
    TesseraConfig config = ConfigLoader.quick(List.of("reddit=" + in), dir.resolve("out").toString(),
        List.of("run.stages=[ingest, langid, tag, dedup]", "langid.languages=[en, sw]"));
    new Pipeline(spark, config).execute();
    Dataset<Row> docs = spark.read().parquet(Pipeline.paths(config).stageData("dedup"));
    assertEquals(3, docs.count());
    assertEquals(1, docs.select("dedup.cluster_id").distinct().count(), "case and punctuation do not matter");
    assertEquals(1, docs.where(col("dedup.is_representative")).count());
    Row kept = docs.where(col("dedup.is_representative")).first();
    assertEquals("t1_abc", ((Row) kept.getAs("source")).getAs("source_record_id"));
    assertEquals(true, ((String) ((Row) kept.getAs("source")).getAs("input_file")).endsWith("RC_a.ndjson"));
  }
}
