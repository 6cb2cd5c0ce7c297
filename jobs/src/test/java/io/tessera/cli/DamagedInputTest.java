package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.tessera.TestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run over good files and damaged ones (a cut .gz, .bz2 and .zst, a CSV given to the XML reader) goes on: the
 * records before each damage are published, each damaged file is one reject with its reason, the accounting adds
 * up; with run.strict the run stops with exit 3 and one line naming the file.
 */
class DamagedInputTest extends TestBase {
  @TempDir
  static Path dir;

  private static final int LINES = 4_000;
  private static Path input;
  private static Path wiki;

  /** Distinct records of unrelated words, so a cut file holds whole compressed blocks and nothing is a duplicate. */
  private static byte[] lines(String prefix, int count) {
    StringBuilder text = new StringBuilder();
    long word = prefix.hashCode();
    for (int i = 0; i < count; i++) {
      text.append("{\"id\":\"").append(prefix).append(i).append("\",\"text\":\"");
      for (int w = 0; w < 12; w++) {
        word = word * 6364136223846793005L + 1442695040888963407L;
        text.append(Long.toString(word >>> 40, 36)).append(' ');
      }
      text.append("\"}\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] lines(String prefix) {
    return lines(prefix, LINES);
  }

  private interface Codec {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static void writeCut(Path file, byte[] plain, Codec codec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressed = codec.wrap(out)) {
      compressed.write(plain);
    }
    Files.write(file, Arrays.copyOf(out.toByteArray(), out.size() / 2));
  }

  @BeforeAll
  static void writeInputs() throws IOException {
    input = dir.resolve("in");
    Files.createDirectories(input);
    Files.write(input.resolve("good.jsonl"), lines("good"));
    writeCut(input.resolve("cut.jsonl.gz"), lines("gz"), GZIPOutputStream::new);
    writeCut(input.resolve("cut.jsonl.bz2"), lines("bz"), out -> new BZip2CompressorOutputStream(out, 1));
    writeCut(input.resolve("cut.jsonl.zst"), lines("zst"), out -> new ZstdOutputStream(out, 3).setChecksum(true));
    wiki = dir.resolve("wiki");
    Files.createDirectories(wiki);
    Files.writeString(wiki.resolve("posts.csv"), "id,text\n1,A row about tea in Kenya\n2,A row about rice\n");
  }

  private static String[] run(Path output, String... extra) {
    String[] base = {"run", "--source", "jsonl=" + input, "--source", "wikipedia-xml=" + wiki,
        "--output", output.toString()};
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return args;
  }

  private static String name(String uri) {
    return Path.of(URI.create(uri)).getFileName().toString();
  }

  @Test
  void damagedFilesAreRejectedAndTheRunGoesOn() throws IOException {
    Path out = dir.resolve("out");
    CliTest.Result r = CliTest.run(run(out));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("unreadable_as_wikipedia-xml=1"), "the summary names the wrong format: " + r.out());

    Map<String, String> damage = new TreeMap<>();
    for (Row reject : spark.read().parquet(out.resolve("_work/default/ingest/rejects").toString()).collectAsList()) {
      damage.put(name(reject.getAs("input_file")), reject.getAs("reason"));
      assertTrue(reject.<Long>getAs("position") >= 0);
    }
    assertEquals(Map.of("cut.jsonl.gz", "truncated", "cut.jsonl.bz2", "truncated", "cut.jsonl.zst", "truncated",
        "posts.csv", "unreadable_as_wikipedia-xml"), damage);

    Map<String, Long> documents = new TreeMap<>();
    for (Row row : spark.read().parquet(out.resolve("_work/default/ingest/data").toString())
        .groupBy("source.input_file").count().collectAsList()) {
      documents.put(name(row.getString(0)), row.getLong(1));
    }
    assertEquals(LINES, documents.get("good.jsonl"));
    for (String cut : new String[] {"cut.jsonl.gz", "cut.jsonl.bz2", "cut.jsonl.zst"}) {
      long kept = documents.getOrDefault(cut, 0L);
      assertTrue(kept > 0 && kept < LINES, cut + ": the records before the cut are kept, " + kept);
    }

    JsonNode run = new JsonMapper().readTree(out.resolve("_tessera/run.json").toFile());
    assertEquals("succeeded", run.get("status").asText());
    for (JsonNode source : run.get("sources")) {
      long accounted = source.get("published").asLong() + source.get("dropped").asLong()
          + source.get("duplicates").asLong() + source.get("rejected").asLong();
      assertEquals(source.get("records_in").asLong(), accounted, source.toString());
    }
  }

  @Test
  void strictModeStopsWithExit3NamingTheFile() {
    CliTest.Result r = CliTest.run(run(dir.resolve("strict"), "--set", "run.strict=true"));
    assertEquals(3, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains("truncated in ") && r.err().contains("cut.jsonl."), r.err());
  }

  /** A big .bz2 is split across tasks; the cut ends the last split only. */
  @Test
  void aCutBzip2ReadInManySplitsKeepsEverySplitBeforeTheCut() throws IOException {
    Path bz2 = dir.resolve("split").resolve("big.jsonl.bz2");
    Files.createDirectories(bz2.getParent());
    int lines = 40_000;
    writeCut(bz2, lines("split", lines), out -> new BZip2CompressorOutputStream(out, 1));
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("mapreduce.input.fileinputformat.split.maxsize", String.valueOf(64 * 1024));
    try {
      var paths = ingestOnly(dir.resolve("split-out"), java.util.List.of("jsonl=" + bz2));
      long documents = spark.read().parquet(paths.stageData("ingest")).count();
      var rejects = spark.read().parquet(paths.stageTable("ingest", "rejects")).collectAsList();
      assertEquals(1, rejects.size(), rejects.toString());
      assertEquals("truncated", rejects.get(0).getAs("reason"));
      assertTrue(documents > lines / 4 && documents < lines, documents + " documents");
      assertTrue(Files.size(bz2) > 3 * 64 * 1024, "several splits");
    } finally {
      conf.unset("mapreduce.input.fileinputformat.split.maxsize");
    }
  }
}
