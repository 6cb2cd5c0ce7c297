package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for twitter, on the demo v1.1 tweets. */
class TwitterContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "twitter";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/twitter/tweets_v1.jsonl");
  }
}
