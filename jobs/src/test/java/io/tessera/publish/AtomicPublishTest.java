package io.tessera.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a commit at each of its named points (an Error thrown there skips every cleanup, as a kill would), then
 * starts again as the next run does ({@link AtomicPublish#recover}): the output must hold exactly the previous
 * release, or exactly the new one once the commit point has passed, never a mix and never a missing entry.
 */
class AtomicPublishTest {
  @TempDir
  Path dir;

  /** Stands for a kill: an Error, which the commit does not catch. */
  static final class Killed extends Error {
    Killed(String point) {
      super("killed at " + point);
    }
  }

  @AfterEach
  void noFaults() {
    AtomicPublish.faultPoint = point -> {};
  }

  private static final Map<String, String> OLD = Map.of("data/split=train/part-old-1.parquet", "old rows 1",
      "data/split=test/part-old-2.parquet", "old rows 2", "rejects/part-old.parquet", "old rejects",
      "README.md", "old card");
  private static final Map<String, String> NEW = Map.of("data/split=train/part-new-1.parquet", "new rows 1",
      "data/split=validation/part-new-2.parquet", "new rows 2", "rejects/part-new.parquet", "new rejects",
      "benchmark/survey_items/part-new.parquet", "new items", "README.md", "new card");

  private AtomicPublish publisher(boolean objectStore) {
    return new AtomicPublish(new Configuration(), dir.toString(), objectStore);
  }

  private void release(AtomicPublish publish, Map<String, String> files) throws IOException {
    publish.recover();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = Path.of(publish.path(file.getKey()).replaceFirst("^file:", ""));
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
  }

  /** What readers see: every file outside _tessera/, with its content. */
  private Map<String, String> published() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(file).toString();
        if (!name.startsWith("_tessera/")) {
          files.put(name, Files.readString(file));
        }
      }
    }
    return files;
  }

  private void killedAt(boolean objectStore, String point, Map<String, String> expected) throws IOException {
    release(publisher(objectStore), OLD);
    publisher(objectStore).commit();
    assertEquals(new TreeMap<>(OLD), published());

    AtomicPublish publish = publisher(objectStore);
    release(publish, NEW);
    AtomicPublish.faultPoint = p -> {
      if (p.equals(point)) {
        throw new Killed(p);
      }
    };
    assertThrows(Killed.class, publish::commit, "the commit passes " + point);
    AtomicPublish.faultPoint = p -> {};
    publisher(objectStore).recover(); // what the next run does first
    assertEquals(new TreeMap<>(expected), published(), "killed at " + point);
    assertFalse(Files.exists(dir.resolve("_tessera/next")), "no half release left behind");
  }

  @ParameterizedTest
  @ValueSource(strings = {"staged", "aside:data", "switched:data", "aside:README.md", "switched:benchmark",
      "switched:rejects"})
  void aFileSystemCommitKilledBeforeItsCommitPointLeavesThePreviousRelease(String point) throws IOException {
    killedAt(false, point, OLD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"discarding", "committed"})
  void aFileSystemCommitKilledAfterItsCommitPointLeavesTheNewRelease(String point) throws IOException {
    killedAt(false, point, NEW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"staged", "copied:data/split=train/part-new-1.parquet", "copied"})
  void anObjectStoreCommitKilledBeforeTheManifestLeavesThePreviousRelease(String point) throws IOException {
    killedAt(true, point, OLD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest", "committed"})
  void anObjectStoreCommitKilledAfterTheManifestLeavesTheNewRelease(String point) throws IOException {
    killedAt(true, point, NEW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aside:data", "switched:data", "copied:data/split=train/part-new-1.parquet", "copied"})
  void aFirstReleaseKilledBeforeItsCommitPointPublishesNothing(String point) throws IOException {
    boolean objectStore = point.startsWith("copied");
    AtomicPublish publish = publisher(objectStore);
    release(publish, NEW);
    AtomicPublish.faultPoint = p -> {
      if (p.equals(point)) {
        throw new Killed(p);
      }
    };
    assertThrows(Killed.class, publish::commit);
    AtomicPublish.faultPoint = p -> {};
    publisher(objectStore).recover();
    assertEquals(Map.of(), published());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCompleteCommitPublishesExactlyTheNewRelease(boolean objectStore) throws IOException {
    release(publisher(objectStore), OLD);
    publisher(objectStore).commit();
    AtomicPublish publish = publisher(objectStore);
    release(publish, NEW);
    publish.commit();
    assertEquals(new TreeMap<>(NEW), published());
    if (objectStore) {
      List<String> manifest = Files.readAllLines(dir.resolve("_tessera/manifest.txt"));
      assertEquals(List.of("README.md", "benchmark/survey_items/part-new.parquet",
          "data/split=train/part-new-1.parquet", "data/split=validation/part-new-2.parquet",
          "rejects/part-new.parquet"), manifest.subList(1, manifest.size()));
    }
  }
}
