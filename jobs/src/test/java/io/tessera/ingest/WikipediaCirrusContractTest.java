package io.tessera.ingest;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The reader contract for wikipedia-cirrus, on the Swahili CirrusSearch excerpt. */
class WikipediaCirrusContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "wikipedia-cirrus";
  }

  @Override
  Path sample() {
    try {
      return Path.of(getClass().getResource("/cirrus/swwiki-20240101-cirrussearch-content.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The document lines; the action lines before them are framing. */
  @Override
  long records(String sample) {
    return sample.lines().filter(line -> !line.isBlank() && !line.startsWith("{\"index\"")).count();
  }
}
