package io.tessera.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.DuckDb;
import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real NormDial dialogues (American and Chinese) through the whole pipeline: stratified splits, held-out items. */
class HeldOutDialoguesTest extends TestBase {
  @TempDir
  Path dir;

  @Test
  void heldOutDialoguesBecomeNextTurnItemsAndEveryCultureIsSplitInItsShares() throws Exception {
    Path input = Files.createDirectories(dir.resolve("normdial"));
    for (String file : List.of("American__violation__compliments", "Chinese__violation__greeting")) {
      String name = file + ".cleaned_dialogue.csv";
      Files.copy(fixtures().resolve("dialogues/normdial").resolve(name), input.resolve(name));
    }
    Path out = dir.resolve("out");
    TesseraConfig config = ConfigLoader.quick(List.of("csv:normdial=" + input), out.toString(),
        List.of("langid.languages=[en, zh]", "split.train=0.6", "split.validation=0.2", "split.test=0.2"));
    new Pipeline(spark, config).execute();

    String data = "read_parquet('" + out.resolve("data") + "/**/*.parquet')";
    String items = "read_parquet('" + out.resolve("benchmark/dialogue_items") + "/*.parquet')";
    try (DuckDb db = new DuckDb()) {
      // Each culture × language stratum: each split within one dialogue of its share (the dedup clusters here are
      // single dialogues, so groups are dialogues).
      List<Map<String, Object>> strata = db.query("select culture, language, count(*) as n,"
          + " count(*) filter (where split = 'train') as train, count(*) filter (where split = 'validation') as val,"
          + " count(*) filter (where split = 'test') as test from " + data + " group by 1, 2 having count(*) >= 10");
      assertTrue(strata.stream().map(r -> r.get("culture")).toList().containsAll(List.of("US", "CN")), strata.toString());
      for (Map<String, Object> s : strata) {
        double n = ((Number) s.get("n")).doubleValue();
        assertTrue(Math.abs(((Number) s.get("train")).doubleValue() - 0.6 * n) < 1, s.toString());
        assertTrue(Math.abs(((Number) s.get("val")).doubleValue() - 0.2 * n) < 1, s.toString());
        assertTrue(Math.abs(((Number) s.get("test")).doubleValue() - 0.2 * n) < 1, s.toString());
      }

      // One item per held-out dialogue; none from train; context + reference are the chat form, labels aligned.
      long heldOut = db.count("select count(*) from " + data + " where split <> 'train' and len(messages) >= 2");
      assertTrue(heldOut >= 20, "held-out dialogues: " + heldOut);
      assertEquals(heldOut, db.count("select count(*) from " + items));
      assertEquals(0, db.count("select count(*) from " + items + " i join " + data + " d using (doc_id)"
          + " where d.split = 'train' or i.split <> d.split or i.culture <> d.culture"
          + " or list_concat(i.context, [{'role': i.reference_role, 'content': i.reference}]) <> d.messages"
          + " or len(i.turn_labels) <> len(d.messages)"));
      // The violation files label turns Violated or Not Relevant.
      assertEquals(List.of("Not Relevant", "Violated"), db.query("select distinct l from (select unnest(turn_labels)"
          + " as l from " + items + ") where l is not null order by 1").stream().map(r -> r.get("l")).toList());
      assertEquals(List.of("American", "Chinese"), db.query("select distinct c from (select unnest(persona_cultures) as c from "
          + items + ") order by 1").stream().map(r -> r.get("c")).toList());
    }
  }
}
