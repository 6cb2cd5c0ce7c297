package io.tessera.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectFiltersTest extends TestBase {
  @TempDir
  Path dir;

  @Test
  void signals() {
    assertEquals(0.0, QualitySignals.symbolRatio("plain words only"));
    assertTrue(QualitySignals.symbolRatio("$$$ !!! ### *** @@@ ok") > 0.5);
    assertEquals(0.0, QualitySignals.repetition("too short to judge buy now buy now"));
    assertTrue(QualitySignals.repetition("buy now cheap ".repeat(10)) > 0.8);
    assertTrue(QualitySignals.repetition("Every Eid my grandmother in Mombasa wakes before dawn to cook pilau with"
        + " cardamom cloves and cinnamon for the whole street") < 0.05);
  }

  @Test
  void everyDroppedRecordKeepsItsFirstReason() throws Exception {
    Files.writeString(dir.resolve("posts.jsonl"), String.join("\n",
        jsonlPost("good", "Every Eid my grandmother in Mombasa wakes before dawn to cook pilau for the whole street."),
        jsonlPost("spam", "buy cheap phones now ".repeat(12)),
        jsonlPost("symbols", "$$$ *** ### !!! @@@ %%% ^^^ &&& ((( ))) ~~~ +++ === win win"),
        jsonlPost("german", "Jeden Sonntag besuchen wir die Großeltern und essen zusammen Kuchen im Garten."),
        jsonlPost("short", "ok")) + "\n");
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=" + dir.resolve("posts.jsonl")),
        dir.resolve("out").toString(), List.of("run.stages=[ingest, langid, tag, dedup, select]",
            "langid.languages=[en, de, sw]", "select.languages=[en]"));
    new Pipeline(spark, config).execute();
    Map<String, String> reasons = new TreeMap<>();
    for (Row r : spark.read().parquet(Pipeline.paths(config).stageData("select"))
        .selectExpr("source.source_record_id", "coalesce(drop_reason, 'kept')").collectAsList()) {
      reasons.put(r.getString(0), r.getString(1));
    }
    assertEquals(Map.of("good", "kept", "spam", "repetitive", "symbols", "symbols", "german", "language",
        "short", "too_short"), reasons);
  }
}
