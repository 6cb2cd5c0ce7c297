package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.pipeline.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every reader registered in {@link Readers} keeps, after Anserini's DocumentCollectionTest: each
 * reader's subclass supplies a small valid sample, and this test runs it, and hostile variants of it, through the
 * reader one file at a time ({@link Readers#readAlone}: the code the cluster runs per file or split, without Spark),
 * recording what comes out. Valid input gives records, all of them; a damaged compressed file gives the records
 * before the damage and one reject with the file, offset and reason; a file in the wrong format is never silent; no
 * exception escapes.
 */
abstract class ReaderContractTest {
  /** Damaged and hostile inputs are made from this much of the sample, repeated, so a cut leaves whole records. */
  private static final int DAMAGE_INPUT_BYTES = 320 * 1024;
  private static final int HUGE_LINE_BYTES = 8 << 20;
  private static final int DEPTH = 10_000;

  @TempDir
  Path dir;

  /** The quick-mode source spec's format part: the reader's name, or FORMAT:PRESET. */
  abstract String spec();

  /** A small valid file of the format. */
  abstract Path sample();

  /** The records in the sample, counted without the reader (documents, skips and rejects it must account for). */
  long records(String sample) {
    return sample.lines().filter(line -> !line.isBlank()).count();
  }

  /** What the recording holds: the outcome rows of one file. */
  record Recording(List<Row> rows) {
    List<Row> of(String outcome) {
      return rows.stream().filter(r -> outcome.equals(r.getAs("outcome"))).toList();
    }

    List<Row> documents() {
      return of(Outcomes.DOCUMENT);
    }

    List<Row> rejects() {
      return of(Outcomes.REJECT).stream().map(r -> r.<Row>getAs("reject")).toList();
    }

    /** The reject reasons, for messages. */
    List<String> reasons() {
      return rejects().stream().map(r -> r.<String>getAs("reason")).distinct().toList();
    }

    List<Row> rejects(String reason) {
      return rejects().stream().filter(r -> reason.equals(r.getAs("reason"))).toList();
    }

    /** Documents, rejects and skips: everything but the segment rows. */
    long records() {
      return rows.stream().filter(r -> !Outcomes.SEGMENT.equals(r.getAs("outcome"))).count();
    }
  }

  private String format() {
    return spec().split(":")[0];
  }

  private static Configuration hadoop() {
    Configuration conf = new Configuration();
    SparkSessions.HADOOP_DEFAULTS.forEach(conf::set);
    return conf;
  }

  /** Reads one file with this reader, as a quick-mode source; nothing may escape. */
  Recording read(Path file) {
    SourceConfig source = ConfigLoader.quick(List.of(spec() + "=" + file), dir.resolve("out").toString(), List.of())
        .sources.get(0);
    Configuration conf = hadoop();
    InputFile input = InputFiles.list(file.toString(), conf).get(0);
    return assertDoesNotThrow(() -> new Recording(Readers.readAlone(source, input, conf)),
        () -> format() + " let an exception escape on " + file.getFileName());
  }

  private String sampleText() throws IOException {
    return Files.readString(sample());
  }

  /** The sample repeated to at least DAMAGE_INPUT_BYTES. */
  private byte[] bigInput() throws IOException {
    byte[] one = Files.readAllBytes(sample());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < DAMAGE_INPUT_BYTES) {
      out.write(one);
      if (one[one.length - 1] != '\n') {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** A file named like the sample (readers take hints from names) with a suffix. */
  private Path write(String suffix, byte[] bytes) throws IOException {
    Path file = dir.resolve("in").resolve(sample().getFileName() + suffix);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return file;
  }

  private static byte[] compress(byte[] plain, Function<OutputStream, OutputStream> codec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressed = codec.apply(out)) {
      compressed.write(plain);
    }
    return out.toByteArray();
  }

  private static OutputStream gzip(OutputStream out) {
    try {
      return new GZIPOutputStream(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** bzip2 with 100 KB blocks, so a cut file still holds whole blocks. */
  private static OutputStream bzip2(OutputStream out) {
    try {
      return new BZip2CompressorOutputStream(out, 1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * zstd with checksums, as its command line writes them, and a 1 KiB window: with a large one the repeated sample
   * would compress into its first block, and a cut file would hold no whole block.
   */
  private static OutputStream zstd(OutputStream out) {
    try {
      return new ZstdOutputStream(out, 3).setChecksum(true).setWindowLog(10);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- valid input

  @Test
  void validSampleGivesRecordsAndAccountsForEachOne() throws IOException {
    Recording r = read(sample());
    assertFalse(r.documents().isEmpty(), "documents from a valid " + format() + " file");
    assertEquals(records(sampleText()), r.records(), "every record of the sample lands somewhere: " + r.reasons());
    for (Row reject : r.rejects()) {
      assertFalse(Set.of(Damage.TRUNCATED, Damage.CORRUPT, UnreadableFiles.reason(format()))
          .contains(reject.<String>getAs("reason")), "a valid file is not damaged: " + reject);
    }
  }

  @Test
  void everyRegisteredReaderHasAContractTest() {
    for (String reader : Readers.names()) {
      StringBuilder name = new StringBuilder(getClass().getPackageName()).append('.');
      for (String part : reader.split("-")) {
        name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      String test = name.append("ContractTest").toString();
      assertDoesNotThrow(() -> Class.forName(test), "reader " + reader + " needs " + test);
    }
  }

  // ---- damaged compressed files

  private void cutFileGivesRecordsBeforeTheDamageAndOneReject(String suffix,
      Function<OutputStream, OutputStream> codec) throws IOException {
    byte[] plain = bigInput();
    byte[] compressed = compress(plain, codec);
    long whole = read(write(suffix, compressed)).documents().size();
    byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length * 6 / 10);
    Path file = write(".cut" + suffix, cut);
    Recording r = read(file);
    List<Row> damage = r.rejects(Damage.TRUNCATED).stream()
        .filter(reject -> reject.<String>getAs("message").contains("damaged")).toList();
    assertEquals(1, damage.size(), "one truncated reject for the cut file: " + r.reasons());
    Row reject = damage.get(0);
    assertTrue(reject.<String>getAs("input_file").endsWith(file.getFileName().toString()), reject.toString());
    long position = reject.getAs("position");
    assertTrue(position >= 0 && position <= plain.length, "offset in the decompressed data: " + position);
    assertFalse(r.documents().isEmpty(), "the records before the damage are kept");
    assertTrue(r.documents().size() < whole, r.documents().size() + " of " + whole + " documents");
  }

  @Test
  void truncatedGzip() throws IOException {
    cutFileGivesRecordsBeforeTheDamageAndOneReject(".gz", ReaderContractTest::gzip);
  }

  @Test
  void truncatedBzip2() throws IOException {
    cutFileGivesRecordsBeforeTheDamageAndOneReject(".bz2", ReaderContractTest::bzip2);
  }

  @Test
  void truncatedZstd() throws IOException {
    cutFileGivesRecordsBeforeTheDamageAndOneReject(".zst", ReaderContractTest::zstd);
  }

  private void corruptFileEndsInOneDamageReject(String suffix, Function<OutputStream, OutputStream> codec)
      throws IOException {
    byte[] compressed = compress(bigInput(), codec);
    for (int i = compressed.length / 2; i < compressed.length / 2 + 64; i++) {
      compressed[i] ^= (byte) 0x5A;
    }
    Path file = write(".corrupt" + suffix, compressed);
    Recording r = read(file);
    List<Row> damage = r.rejects().stream()
        .filter(reject -> Set.of(Damage.CORRUPT, Damage.TRUNCATED).contains(reject.<String>getAs("reason")))
        .filter(reject -> reject.<String>getAs("message").contains("damaged")).toList();
    assertEquals(1, damage.size(), "one damage reject for the corrupt file: " + r.reasons());
    assertTrue(damage.get(0).<String>getAs("input_file").endsWith(file.getFileName().toString()));
  }

  @Test
  void corruptGzip() throws IOException {
    corruptFileEndsInOneDamageReject(".gz", ReaderContractTest::gzip);
  }

  @Test
  void corruptBzip2() throws IOException {
    corruptFileEndsInOneDamageReject(".bz2", ReaderContractTest::bzip2);
  }

  @Test
  void corruptZstd() throws IOException {
    corruptFileEndsInOneDamageReject(".zst", ReaderContractTest::zstd);
  }

  // ---- hostile text: never silent, never an exception

  /** A file that is not valid input still shows up: records, rejects, or its unreadable_as_FORMAT reject. */
  private Recording notSilent(String suffix, byte[] bytes) throws IOException {
    Recording r = read(write(suffix, bytes));
    assertTrue(r.records() > 0, format() + " said nothing about " + suffix);
    return r;
  }

  @Test
  void utf16WithByteOrderMark() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
    out.write(sampleText().getBytes(StandardCharsets.UTF_16LE));
    notSilent(".utf16-bom", out.toByteArray());
  }

  @Test
  void utf16WithoutByteOrderMark() throws IOException {
    notSilent(".utf16", sampleText().getBytes(StandardCharsets.UTF_16LE));
  }

  @Test
  void nulBytes() throws IOException {
    byte[] sample = Files.readAllBytes(sample());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < sample.length; i++) {
      out.write(sample[i]);
      if (i % 97 == 0) {
        out.write(0);
      }
    }
    notSilent(".nul", out.toByteArray());
  }

  @Test
  void wrongFormatIsNeverSilent() throws IOException {
    String csv = "id,text,language\n1,A plain CSV row about tea in Kenya,en\n2,Another row about rice in Japan,en\n";
    String jsonl = "{\"id\":\"1\",\"text\":\"A JSON line about tea in Kenya\"}\n";
    Recording r = notSilent(".wrong", (format().equals("csv") ? jsonl : csv).getBytes(StandardCharsets.UTF_8));
    if (r.documents().isEmpty() && r.rejects().size() == 1) {
      assertEquals(UnreadableFiles.reason(format()), r.rejects().get(0).getAs("reason"));
    }
  }

  @Test
  void hugeLine() throws IOException {
    StringBuilder line = new StringBuilder(HUGE_LINE_BYTES + 64).append("{\"id\":\"huge\",\"text\":\"");
    while (line.length() < HUGE_LINE_BYTES) {
      line.append("word ");
    }
    notSilent(".huge", line.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void deepNesting() throws IOException {
    String json = "[".repeat(DEPTH) + "]".repeat(DEPTH) + "\n";
    String xml = "<page><title>Deep</title><ns>0</ns><id>1</id><revision><text>" + "<a>".repeat(DEPTH)
        + "</revision></page>\n";
    notSilent(".deep", (json + "{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH) + "\n" + xml)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void xmlEntitiesAreNeverExpanded() throws IOException {
    String laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;"
        + "&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
        + "&lol2;&lol2;\">]>\n<mediawiki><page><title>Lol</title><ns>0</ns><id>7</id><revision><id>1</id>"
        + "<text>&lol3;</text></revision></page>\n</mediawiki>\n";
    Recording r = notSilent(".entities", laughs.getBytes(StandardCharsets.UTF_8));
    for (Row doc : r.documents()) {
      Row document = doc.getAs("document");
      String text = document.getAs("text");
      assertFalse(text != null && text.contains("lollol"), "an entity was expanded: " + text);
    }
  }
}
