package io.tessera.ingest;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The reader contract for csv, on a small CSV file with the default mapping (id, text, language). */
class CsvContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "csv";
  }

  @Override
  Path sample() {
    try {
      return Path.of(getClass().getResource("/contract/posts.csv").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One record a row, after the header. */
  @Override
  long records(String sample) {
    return super.records(sample) - 1;
  }
}
