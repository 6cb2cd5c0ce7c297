package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for reddit, on the demo comments. */
class RedditContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "reddit";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/reddit/RC_2024-02.sample.ndjson");
  }
}
