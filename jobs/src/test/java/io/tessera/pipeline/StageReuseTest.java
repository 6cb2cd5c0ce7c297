package io.tessera.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage output is reused only when everything that made it is unchanged: the code, the data files it reads, its
 * settings, its input and the author-hash key. Each test changes one of them on the same output folder and checks
 * which stages rerun and the reason run.json gives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StageReuseTest extends TestBase {
  private static final String KEY_ENV = "TESSERA_AUTHOR_HASH_KEY";
  private static final String INPUT = "fingerprint_changed: input";
  @TempDir
  static Path dir;

  private static Map<String, String> run(Fingerprints fingerprints, boolean force, String... overrides)
      throws IOException {
    Path input = dir.resolve("posts.jsonl");
    if (!Files.exists(input)) {
      Files.writeString(input, String.join("\n",
          "{\"id\": \"1\", \"author\": \"ana\", \"text\": \"The festival of lights is celebrated across India with "
              + "lamps and sweets.\"}",
          "{\"id\": \"2\", \"author\": \"ben\", \"text\": \"In Japan people visit shrines on the first days of the "
              + "new year.\"}",
          "{\"id\": \"3\", \"author\": \"cai\", \"text\": \"Brazilian families gather for a long lunch on Sundays in "
              + "many towns.\"}") + "\n");
    }
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=" + input), dir.resolve("out").toString(),
        List.of(overrides));
    RunReport report = new Pipeline(spark, config, fingerprints).force(force).execute();
    assertEquals("succeeded", report.status);
    Map<String, String> reasons = new LinkedHashMap<>();
    for (RunReport.StageEntry stage : report.stages) {
      reasons.put(stage.name, stage.reason);
      assertEquals(stage.reason.equals("current") ? "skipped" : "ran", stage.status, stage.name);
    }
    return reasons;
  }

  private static Map<String, String> run(Fingerprints fingerprints, String... overrides) throws IOException {
    return run(fingerprints, false, overrides);
  }

  private static Fingerprints build(Map<String, String> environment) {
    return new Fingerprints(CodeVersion.digest(), CodeVersion::digestOf, environment);
  }

  /** Reasons for the stages in order. */
  private static Map<String, String> expect(String... reasons) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < reasons.length; i++) {
      expected.put(StageNames.ALL.get(i), reasons[i]);
    }
    return expected;
  }

  private static Map<String, String> all(String reason) {
    return expect(reason, reason, reason, reason, reason, reason, reason);
  }

  @Test
  @Order(1)
  void anUnchangedRerunSkipsEveryStage() throws IOException {
    assertEquals(all("no_output"), run(build(Map.of())));
    assertEquals(all("current"), run(build(Map.of())));
  }

  @Test
  @Order(2)
  void anEditedGazetteerFileRerunsTagAndWhatFollows() throws IOException {
    Function<List<String>, String> edited = resources -> resources.contains("gazetteer/") ? "edited"
        : CodeVersion.digestOf(resources);
    Map<String, String> fromTag = expect("current", "current", "fingerprint_changed: data", INPUT, INPUT, INPUT,
        INPUT);
    assertEquals(fromTag, run(new Fingerprints(CodeVersion.digest(), edited, Map.of())));
    assertEquals(fromTag, run(build(Map.of())), "back to the real files");
  }

  @Test
  @Order(3)
  void aRebuiltJarRerunsEveryStage() throws IOException {
    String both = "fingerprint_changed: code,input";
    Map<String, String> everything = expect("fingerprint_changed: code", both, both, both, both, both, both);
    assertEquals(everything, run(new Fingerprints("a rebuilt jar", CodeVersion::digestOf, Map.of())));
    assertEquals(everything, run(build(Map.of())));
  }

  @Test
  @Order(4)
  void aRotatedAuthorHashKeyRerunsIngestAndNeverReachesAFile() throws IOException {
    Map<String, String> fromIngest = expect("fingerprint_changed: key", INPUT, INPUT, INPUT, INPUT, INPUT, INPUT);
    assertEquals(fromIngest, run(build(Map.of(KEY_ENV, "first secret key"))));
    assertEquals(fromIngest, run(build(Map.of(KEY_ENV, "second secret key"))));
    assertEquals(all("current"), run(build(Map.of(KEY_ENV, "second secret key"))));
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".yaml")).toList()) {
        assertFalse(Files.readString(file).contains("secret key"), file.toString());
      }
    }
  }

  @Test
  @Order(5)
  void aChangedSettingRerunsItsStageOnwardAndForceRerunsAll() throws IOException {
    Map<String, String> key = Map.of(KEY_ENV, "second secret key");
    assertEquals(expect("current", "current", "current", "current", "fingerprint_changed: settings", INPUT, INPUT),
        run(build(key), "select.min_chars=30"));
    assertEquals(all("forced"), run(build(key), true, "select.min_chars=30"));
  }

  /**
   * The digests themselves: a data file's bytes change the data digest and not the code digest, and a jar with the
   * same entries as a classes folder has the same digests (only the entries asked for are read).
   */
  @Test
  void digestsFollowTheBytesOfTheFilesTheyCover(@TempDir Path build) throws IOException {
    Files.createDirectories(build.resolve("io/tessera/tagging"));
    Files.createDirectories(build.resolve("gazetteer"));
    Files.writeString(build.resolve("io/tessera/tagging/Tagger.class"), "code v1");
    Files.writeString(build.resolve("gazetteer/other-names.tsv"), "Siam\tTH\n");
    Files.writeString(build.resolve("taxonomy.yaml"), "topics: []\n");
    List<String> code = List.of("io/tessera/");
    List<String> data = List.of("gazetteer/", "taxonomy.yaml");
    String code1 = CodeVersion.digestOf(build, code);
    String data1 = CodeVersion.digestOf(build, data);

    Path jar = build.resolveSibling(build.getFileName() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("io/tessera/tagging/Tagger.class", "gazetteer/other-names.tsv", "taxonomy.yaml",
          "com/github/pemistahl/lingua/Model.class")) {
        out.putNextEntry(new JarEntry(name));
        out.write(Files.exists(build.resolve(name)) ? Files.readAllBytes(build.resolve(name)) : new byte[] {1});
        out.closeEntry();
      }
    }
    assertEquals(code1, CodeVersion.digestOf(jar, code));
    assertEquals(data1, CodeVersion.digestOf(jar, data));

    Files.writeString(build.resolve("gazetteer/other-names.tsv"), "Siam\tTH\nSiam\tTH-x\n");
    assertEquals(code1, CodeVersion.digestOf(build, code));
    String data2 = CodeVersion.digestOf(build, data);
    assertNotEquals(data1, data2);
    Files.writeString(build.resolve("gazetteer/new-list.tsv"), "x\n");
    assertNotEquals(data2, CodeVersion.digestOf(build, data), "an added file changes it");
    Files.writeString(build.resolve("io/tessera/tagging/Tagger.class"), "code v2");
    assertNotEquals(code1, CodeVersion.digestOf(build, code));
    assertEquals("data,key", Fingerprints.changed(Map.of("code", "a", "data", "b", "key", "k1"),
        Map.of("code", "a", "data", "c", "key", "k2")));
  }
}
