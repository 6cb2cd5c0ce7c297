package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input under other names, in other folders and read from another root gives the same doc_ids, the same
 * splits and the same representatives: ids come from the records (their own id, else their content) and the
 * dataset label from the format, never from a file name.
 */
class StableIdsTest extends TestBase {
  @TempDir
  Path dir;

  /** The demo posts without their ids (so they are keyed by content), one of them twice, later. */
  private static String postsWithoutIds() throws IOException {
    JsonMapper json = new JsonMapper();
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(repo().resolve("data/sample/posts.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      try {
        ObjectNode post = (ObjectNode) json.readTree(line);
        post.remove("id");
        lines.add(json.writeValueAsString(post));
      } catch (IOException | ClassCastException malformed) {
        lines.add(line); // the sample's malformed lines stay: rejects in both runs
      }
    }
    ObjectNode repost = (ObjectNode) json.readTree(lines.get(0));
    repost.put("created_at", "2030-01-01T00:00:00Z");
    lines.add(json.writeValueAsString(repost));
    return String.join("\n", lines) + "\n";
  }

  /** doc_id → split of what a full quick-mode run over the sources publishes. */
  private Map<String, String> publish(String name, List<String> sources) {
    Path out = dir.resolve(name);
    TesseraConfig config = ConfigLoader.quick(sources, out.toString(), List.of());
    new Pipeline(spark, config).force(true).execute();
    Map<String, String> splits = new TreeMap<>();
    for (Row row : spark.read().parquet(out.resolve("data").toString()).select("doc_id", "split").collectAsList()) {
      splits.put(row.getString(0), row.getString(1));
    }
    return splits;
  }

  @Test
  void renamingMovingOrReRootingAnInputChangesNoIdSplitOrRepresentative() throws IOException {
    String posts = postsWithoutIds();
    String dialogues = Files.readString(repo().resolve("data/sample/dialogues/culturepark.jsonl"));

    Path first = dir.resolve("first");
    Files.createDirectories(first);
    Files.writeString(first.resolve("posts.jsonl"), posts);
    Files.writeString(first.resolve("culturepark.jsonl"), dialogues);
    Map<String, String> before = publish("out-first", List.of(
        "jsonl=" + first.resolve("posts.jsonl"), "culturepark=" + first.resolve("culturepark.jsonl")));

    Path postsRoot = dir.resolve("elsewhere/posts");
    Path dialoguesRoot = dir.resolve("elsewhere/logs");
    Files.createDirectories(postsRoot.resolve("2024/batch-7"));
    Files.createDirectories(dialoguesRoot.resolve("nested"));
    Files.writeString(postsRoot.resolve("2024/batch-7/renamed-export.jsonl"), posts);
    Files.writeString(dialoguesRoot.resolve("nested/logs-copy.jsonl"), dialogues);
    Map<String, String> after = publish("out-second", List.of("jsonl=" + postsRoot, "culturepark=" + dialoguesRoot));

    assertTrue(before.size() >= 15, "a real sample: " + before.size() + " published records");
    assertTrue(before.values().stream().distinct().count() > 1, "more than one split: " + before.values());
    assertEquals(before, after, "the same doc_ids, splits and representatives");
  }
}
