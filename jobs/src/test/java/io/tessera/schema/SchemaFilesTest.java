package io.tessera.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.TestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** schemas/*.json is the contract researchers read: it must say exactly what the code writes. */
class SchemaFilesTest {
  private static final Path SCHEMAS = TestBase.repo().resolve("schemas");

  @Test
  void everyTableHasItsFileWithTheSameText() throws IOException {
    for (String table : Tables.ALL.keySet()) {
      Path file = SCHEMAS.resolve(table + ".json");
      assertEquals(Tables.table(table).prettyJson() + "\n", Files.readString(file),
          file + " differs from the code; regenerate with: scripts/tessera schema " + table + " > " + file);
    }
  }

  @Test
  void noStaleSchemaFiles() throws IOException {
    try (Stream<Path> files = Files.list(SCHEMAS)) {
      Set<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> expected = Tables.ALL.keySet().stream().map(t -> t + ".json")
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(expected, names);
    }
  }
}
