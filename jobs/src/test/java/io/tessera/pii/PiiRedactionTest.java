package io.tessera.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.TestBase;
import io.tessera.pipeline.RunPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest applies each source's pii policy before writing: documents, pii_count, rejects' snippets, run.json. */
class PiiRedactionTest extends TestBase {
  @TempDir
  Path dir;

  @Test
  void socialSourcesAreRedactedOthersCountedOrKept() throws Exception {
    String post = "Ping @maria_k or mail maria@example.com, phone 010-1234-5678";
    String lines = jsonlPost("1", post) + "\n{\"id\": \"2\", \"text\": \"broken mail bob@example.org\n";
    for (String name : List.of("social", "plain", "kept")) {
      Files.writeString(dir.resolve(name + ".jsonl"), lines);
    }
    RunPaths paths = ingestOnly(dir.resolve("out"), List.of("jsonl=" + dir.resolve("social.jsonl"),
        "jsonl=" + dir.resolve("plain.jsonl"), "jsonl=" + dir.resolve("kept.jsonl")),
        "sources.0.kind=social_post", "sources.2.pii=keep");

    Map<String, Row> bySource = new TreeMap<>();
    for (Row row : spark.read().parquet(paths.stageData("ingest"))
        .selectExpr("source.name", "text", "quality.pii_count", "quality.char_count", "quality.word_count")
        .collectAsList()) {
      bySource.put(row.getString(0), row);
    }
    Row social = bySource.get("social");
    assertEquals("Ping <HANDLE> or mail <EMAIL>, phone <PHONE>", social.getString(1));
    assertEquals(3, social.getInt(2));
    assertEquals(social.getString(1).length(), social.getInt(3), "char_count of the redacted text");
    assertEquals(7, social.getInt(4), "word_count of the redacted text (9 before)");
    assertEquals(post, bySource.get("plain").getString(1), "count: text as it was");
    assertEquals(3, bySource.get("plain").getInt(2));
    assertEquals(post, bySource.get("kept").getString(1));
    assertTrue(bySource.get("kept").isNullAt(2), "keep: not looked at");

    Map<String, String> snippets = new TreeMap<>();
    spark.read().parquet(paths.stageTable("ingest", "rejects")).collectAsList()
        .forEach(r -> snippets.put(r.getAs("source_name"), r.getAs("snippet")));
    assertTrue(snippets.get("social").contains("<EMAIL>") && !snippets.get("social").contains("bob@"),
        snippets.toString());
    assertTrue(snippets.get("plain").contains("bob@example.org"), "count leaves rejects as read");

    JsonNode ingest = new JsonMapper().readTree(Path.of(paths.runJson()).toFile()).get("stages").get(0);
    JsonNode pii = ingest.get("stats").get("pii");
    assertEquals(2, pii.get("email").asInt(), pii.toString());
    assertEquals(2, pii.get("phone").asInt());
    assertEquals(2, pii.get("handle").asInt());
    assertEquals(0, pii.get("card").asInt());
  }
}
