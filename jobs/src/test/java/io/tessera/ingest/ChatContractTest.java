package io.tessera.ingest;

import io.tessera.TestBase;
import java.nio.file.Path;

/** The reader contract for chat, on the demo conversations. */
class ChatContractTest extends ReaderContractTest {
  @Override
  String spec() {
    return "chat";
  }

  @Override
  Path sample() {
    return TestBase.repo().resolve("data/sample/chat/chat.jsonl");
  }
}
