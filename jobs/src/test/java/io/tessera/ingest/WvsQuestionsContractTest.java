package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for wvs-questions, on the demo survey items. */
class WvsQuestionsContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "wvs-questions";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/surveys/values_items.jsonl");
  }
}
