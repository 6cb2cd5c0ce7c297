package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The reader contract for wikipedia-xml, on the Swahili demo dump; a CSV file given to it is unreadable. */
class WikipediaXmlContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "wikipedia-xml";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/wiki/swwiki-sample-pages-articles.xml");
  }

  /** A record is a page. */
  @Override
  long records(String sample) {
    return sample.split("<page>", -1).length - 1;
  }

  /** UTF-16 dumps take the whole-file path; a cut one keeps the pages before the cut. */
  @Test
  void truncatedUtf16GzipKeepsThePagesBeforeTheCut() throws IOException {
    String dump = Files.readString(sample());
    StringBuilder big = new StringBuilder();
    while (big.length() < 200_000) {
      big.append(dump);
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
      out.write(big.toString().getBytes(StandardCharsets.UTF_16LE));
    }
    Path file = dir.resolve("swwiki-utf16.xml.gz");
    Files.write(file, Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
    Recording r = read(file);
    assertFalse(r.documents().isEmpty());
    assertEquals(List.of(Damage.TRUNCATED), r.reasons());
    assertEquals(1, r.rejects().size());
    assertTrue(r.rejects().get(0).<String>getAs("message").contains("damaged"));
  }

  @Test
  void csvGivenToTheXmlReaderIsUnreadableAsWikipediaXml() throws IOException {
    Path csv = dir.resolve("posts.csv");
    Files.writeString(csv, "id,text\n1,A row about tea in Kenya\n2,A row about rice in Japan\n");
    Recording r = read(csv);
    assertEquals(0, r.documents().size());
    assertEquals(1, r.rejects().size(), r.rejects().toString());
    Row reject = r.rejects().get(0);
    assertEquals("unreadable_as_wikipedia-xml", reject.getAs("reason"));
    assertEquals(0L, reject.<Long>getAs("position"));
    assertTrue(reject.<String>getAs("input_file").endsWith("posts.csv"));
  }
}
