package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.pipeline.DataException;
import io.tessera.pipeline.RunPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest extends TestBase {
  @TempDir
  Path dir;

  private RunPaths ingest(List<String> sources, String... overrides) {
    return ingestOnly(dir.resolve("out"), sources, overrides);
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyLineLandsInExactlyOnePlaceWithItsLineNumber() throws IOException {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    plain.write(lines(
        "{\"id\":\"1\",\"text\":\"hello world one\",\"created_at\":\"2024-01-01T00:00:00Z\",\"language\":\"en\"}",
        "",
        "{\"id\":\"2\",\"text\":\"second\"}",
        "{\"id\":\"x\",\"text\":\"cut",
        "{\"id\":\"3\"}",
        "[1,2]"));
    plain.write(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
    plain.write(lines("{\"id\":\"4\",\"text\":[\"a\",\"b\"]}"));
    Files.write(input.resolve("a.jsonl"), plain.toByteArray());
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(input.resolve("b.jsonl.gz")))) {
      gz.write(lines("{\"id\":\"5\",\"text\":\"gz one\"}", "not json", "{\"id\":\"6\",\"text\":\"gz three\"}"));
    }
    Files.write(input.resolve("c.jsonl"),
        ("\uFEFF" + "{\"id\":\"7\",\"text\":\"after a byte-order mark\"}\n").getBytes(StandardCharsets.UTF_8));

    RunPaths paths = ingest(List.of("jsonl=" + input));

    Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
    List<String> ids = docs.select("source.source_record_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().sorted().collect(Collectors.toList());
    assertEquals(List.of("1", "2", "4", "5", "6", "7"), ids);
    Row first = docs.where("source.source_record_id = '1'").first();
    assertEquals("en", first.getAs("lang") == null ? null : ((Row) first.getAs("lang")).getAs("source_declared"));
    assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-01-01T00:00:00Z")), first.getAs("created_at"));
    assertEquals("a\nb", docs.where("source.source_record_id = '4'").first().getAs("text"));

    Map<String, String> rejects = new TreeMap<>();
    for (Row r : spark.read().parquet(paths.stageTable("ingest", "rejects")).collectAsList()) {
      String file = Path.of(java.net.URI.create(r.getAs("input_file"))).getFileName().toString();
      rejects.put(file + ":" + r.getAs("line"), r.getAs("reason"));
    }
    assertEquals(Map.of("a.jsonl:4", "malformed_json", "a.jsonl:6", "not_an_object", "a.jsonl:7", "invalid_utf8",
        "b.jsonl.gz:2", "malformed_json"), rejects);

    List<Row> skipped = spark.read().parquet(paths.stageTable("ingest", "skipped")).collectAsList();
    assertEquals(1, skipped.size());
    assertEquals("missing_text", skipped.get(0).getAs("skip_reason"));
  }

  @Test
  void lineNumbersAreExactAcrossManySplits() throws IOException {
    StringBuilder text = new StringBuilder();
    List<Long> badLines = new ArrayList<>();
    int total = 3000;
    for (int i = 1; i <= total; i++) {
      if (i % 97 == 0) {
        text.append("{broken ").append(i).append('\n');
        badLines.add((long) i);
      } else {
        text.append("{\"id\":\"").append(i).append("\",\"text\":\"record number ").append(i).append("\"}\n");
      }
    }
    Path file = dir.resolve("big.jsonl");
    Files.writeString(file, text);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("mapreduce.input.fileinputformat.split.maxsize", "8192");
    try {
      RunPaths paths = ingest(List.of("jsonl=" + file));
      Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
      assertEquals(total - badLines.size(), docs.count());
      assertEquals(total - badLines.size(), docs.select("doc_id").distinct().count());
      List<Long> lines = spark.read().parquet(paths.stageTable("ingest", "rejects")).select("line")
          .as(org.apache.spark.sql.Encoders.LONG()).collectAsList().stream().sorted().collect(Collectors.toList());
      assertEquals(badLines, lines);
    } finally {
      conf.unset("mapreduce.input.fileinputformat.split.maxsize");
    }
    assertTrue(Files.size(file) > 8192 * 5, "the file spans several splits");
  }

  /** Arctic Shift writes .zst with a 2 GiB window (zstd --long=31), which zstd's default decoder refuses. */
  @Test
  void longWindowZstFilesInAFolderAreReadInParallel() throws IOException {
    Path folder = dir.resolve("zst");
    Files.createDirectories(folder);
    for (String name : List.of("test_comments", "test_submissions")) {
      byte[] plain = Files.readAllBytes(fixtures().resolve("reddit/" + name + ".ndjson"));
      Path zst = folder.resolve(name + ".ndjson.zst");
      try (com.github.luben.zstd.ZstdOutputStream out =
               new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(zst), 3)) {
        out.setLong(31);
        out.setWindowLog(31);
        // Written in flushed pieces, as a dump is streamed: the frame then declares the full 2 GiB window.
        for (int at = 0; at < plain.length; at += 16 * 1024) {
          out.write(plain, at, Math.min(16 * 1024, plain.length - at));
          out.flush();
        }
      }
    }
    try (InputStream in = new com.github.luben.zstd.ZstdInputStream(
        Files.newInputStream(folder.resolve("test_comments.ndjson.zst")))) {
      assertThrows(IOException.class, in::readAllBytes, "the default window limit refuses the file");
    }
    RunPaths paths = ingest(List.of("reddit=" + folder));
    Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
    assertEquals(23 + 31, docs.count());
    assertEquals(2, docs.select("source.input_file").distinct().count());
  }

  @Test
  void strictModeFailsNamingFileAndLine() throws IOException {
    Path file = dir.resolve("strict.jsonl");
    Files.write(file, lines("{\"id\":\"1\",\"text\":\"fine\"}", "{\"id\":\"2\",\"text\":\"fine too\"}", "{oops"));
    DataException e = assertThrows(DataException.class, () -> ingest(List.of("jsonl=" + file), "run.strict=true"));
    assertTrue(e.getMessage().contains("strict.jsonl line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed_json"), e.getMessage());
  }

  @Test
  void fieldMappingReadsNestedFieldsAndMetadata() throws IOException {
    Path file = dir.resolve("tweets.jsonl");
    Files.write(file, lines(
        "{\"id_str\":\"9\",\"text\":\"short…\",\"extended_tweet\":{\"full_text\":\"the full text\"},"
            + "\"created_at\":\"Thu Feb 15 00:00:00 +0000 2024\",\"lang\":\"in\",\"place\":{\"country_code\":\"ID\"}}"));
    RunPaths paths = ingest(List.of("jsonl=" + file), "sources.0.mapping.id=id_str",
        "sources.0.mapping.text=[extended_tweet.full_text, text]", "sources.0.mapping.language=lang",
        "sources.0.mapping.metadata=[place.country_code]", "sources.0.dataset=twitter");
    Row doc = spark.read().parquet(paths.stageData("ingest")).first();
    assertEquals("the full text", doc.getAs("text"));
    assertEquals(RecordContext.docId("twitter", "9"), doc.getAs("doc_id"));
    assertEquals("ID", doc.getJavaMap(doc.fieldIndex("metadata")).get("place.country_code"));
  }
}
