package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for culturepark, on the demo logs. */
class CultureparkContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "culturepark";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/dialogues/culturepark.jsonl");
  }
}
