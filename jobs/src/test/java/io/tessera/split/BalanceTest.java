package io.tessera.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class BalanceTest extends TestBase {
  private static final String[] DISHES = {"khao soi", "som tam", "pad kra pao", "mango sticky rice", "tom yum",
      "massaman curry", "larb", "khanom jeen", "boat noodles", "moo ping", "gai yang", "pad see ew", "kuay teow",
      "yen ta fo", "khao man gai", "nam prik", "sai ua", "hor mok", "kanom krok", "roti"};

  @TempDir
  Path dir;

  @Test
  void aCultureOverItsCapIsSampledDownAndTheReportShowsBeforeAndAfter() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < DISHES.length; i++) {
      lines.add(jsonlPost("th" + i, "In Thailand my aunt in Chiang Mai cooks " + DISHES[i] + " for the market every"
          + " morning number " + i + " and sells out before nine."));
    }
    for (int i = 0; i < 3; i++) {
      lines.add(jsonlPost("ke" + i, "In Kenya we drink chai at " + (6 + i) + " in the morning before the matatu ride"
          + " to town, story number " + i + "."));
    }
    Files.writeString(dir.resolve("posts.jsonl"), String.join("\n", lines) + "\n");
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=" + dir.resolve("posts.jsonl")),
        dir.resolve("out").toString(), List.of("langid.languages=[en, th]", "split.train=1.0",
            "split.validation=0", "split.test=0", "balance.max_per_culture=5", "balance.min_per_culture=4",
            // One template with a dish swapped in: near copies by short-text shingling, and this test is about caps.
            "dedup.near=false"));
    new Pipeline(spark, config).execute();
    JsonNode report = new ObjectMapper().readTree(dir.resolve("out/_tessera/run.json").toFile());
    JsonNode split = null;
    for (JsonNode stage : report.get("stages")) {
      if (stage.get("name").asText().equals("split")) {
        split = stage;
      }
    }
    JsonNode stats = split.get("stats");
    assertEquals(20, stats.get("train_cultures_before").get("TH").asInt(), stats.toString());
    int thaiAfter = stats.get("train_cultures_after").get("TH").asInt();
    assertTrue(thaiAfter >= 1 && thaiAfter <= 11, "about 5 of 20 kept: " + thaiAfter);
    assertEquals(3, stats.get("train_cultures_after").get("KE").asInt(), "under the cap: untouched");
    assertEquals("[\"KE\"]", stats.get("cultures_below_floor").toString());
    assertEquals(20 - thaiAfter, report.get("sources").get(0).get("dropped_by_reason").get("balance").asInt());

    // The same records are kept on a rerun with other partitioning.
    spark.conf().set("spark.sql.shuffle.partitions", "7");
    new Pipeline(spark, config).force(true).execute();
    JsonNode again = new ObjectMapper().readTree(dir.resolve("out/_tessera/run.json").toFile());
    spark.conf().set("spark.sql.shuffle.partitions", "4");
    assertEquals(report.get("sources").get(0).get("dropped_by_reason").toString(),
        again.get("sources").get(0).get("dropped_by_reason").toString());
  }
}
