package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for jsonl, on the demo posts. */
class JsonlContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "jsonl";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/posts.jsonl");
  }
}
