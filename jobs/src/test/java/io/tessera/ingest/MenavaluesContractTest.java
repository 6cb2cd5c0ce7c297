package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for menavalues, on its questions file (the fixture, read in place). */
class MenavaluesContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "menavalues";
  }

  @Override
  Path sample() {
    return TestBase.fixtures().resolve("surveys/menavalues/csv-derived/menavalues_questions.jsonl");
  }
}
