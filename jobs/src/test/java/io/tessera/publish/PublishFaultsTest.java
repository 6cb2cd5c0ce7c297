package io.tessera.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json tells the truth and publish is all or nothing, whatever stops a run: an Error or a Spark failure inside a
 * stage, a failure before the first stage, or a kill -9 of the JVM in the middle of switching the release in. Each
 * time the output folder must hold the previous complete dataset and run.json must not say succeeded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishFaultsTest extends TestBase {
  private static final JsonMapper JSON = new JsonMapper();
  @TempDir
  static Path dir;
  private static Path input;
  private static Path out;
  private static Map<String, String> complete;

  @BeforeAll
  static void firstRun() throws IOException {
    input = dir.resolve("posts.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add("{\"id\": \"" + i + "\", \"text\": \"Post number " + i + " says that the harvest festival in the "
          + "village lasted " + (i % 7 + 2) + " days with music and food.\"}");
    }
    Files.write(input, lines);
    out = dir.resolve("out");
    assertEquals("succeeded", run().status);
    complete = published();
    assertTrue(complete.keySet().stream().anyMatch(f -> f.startsWith("data/")), complete.keySet().toString());
  }

  @AfterEach
  void noFaults() {
    AtomicPublish.faultPoint = point -> {};
  }

  private static TesseraConfig config(String... overrides) {
    return ConfigLoader.quick(List.of("jsonl=" + input), out.toString(), List.of(overrides));
  }

  private static RunReport run(String... overrides) {
    return new Pipeline(spark, config(overrides)).execute();
  }

  /** What readers see: every published file and a hash of its bytes (run.json and the work folders aside). */
  private static Map<String, String> published() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(out)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        String name = out.relativize(file).toString();
        if (!name.startsWith("_tessera/") && !name.startsWith("_work/")) {
          files.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(file))));
        }
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private static JsonNode runJson() throws IOException {
    return JSON.readTree(out.resolve("_tessera/run.json").toFile());
  }

  /** What the next run does before any stage: undo the half-done switch. */
  private static void recover() {
    AtomicPublish.recover(spark.sparkContext().hadoopConfiguration(), Pipeline.paths(config()));
  }

  @Test
  @Order(1)
  void anErrorInTheMiddleOfTheSwitchLeavesThePreviousDatasetAndAFailedRunJson() throws IOException {
    AtomicPublish.faultPoint = p -> {
      if (p.equals("aside:data")) {
        throw new OutOfMemoryError("injected at " + p);
      }
    };
    // Smaller files: only publish reruns, and its release differs from the published one.
    assertThrows(OutOfMemoryError.class, () -> run("publish.target_file_mb=1", "select.min_chars=70"));
    JsonNode report = runJson();
    assertEquals("failed", report.get("status").asText());
    assertEquals("injected at aside:data", report.get("error").asText());
    recover();
    assertEquals(complete, published());
  }

  @Test
  @Order(2)
  void aKilledJvmLeavesRunningAndThePreviousDataset() throws Exception {
    String before = runJson().get("attempt").asText();
    for (String point : List.of("staged", "switched:data", "switched:rejects")) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xmx1g"));
      command.addAll(List.of(Files.readString(repo().resolve("jobs/target/classes/spark-jvm-flags.txt")).trim()
          .split("\\s+")));
      TINY_INPUT_SQL.forEach((key, value) -> command.add("-D" + key + "=" + value)); // Spark reads spark.* properties
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), KillDuringPublish.class.getName(), point,
          "run", "--source", "jsonl=" + input, "--output", out.toString(), "--set", "select.min_chars=70"));
      File log = dir.resolve("killed-" + point.replace(':', '-') + ".log").toFile();
      ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
      child.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      Process p = child.start();
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child run ends");
      assertEquals(137, p.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));

      JsonNode report = runJson();
      assertEquals("running", report.get("status").asText(), "a killed run is never reported as succeeded");
      assertNotEquals(before, report.get("attempt").asText(), "run.json is the killed attempt's");
      recover();
      assertEquals(complete, published(), "killed at " + point);
    }
  }

  @Test
  @Order(3)
  void aFailureBeforeTheFirstStageEndsAsFailed() throws IOException {
    assertEquals("succeeded", run().status); // back to the first run's settings: a new release
    complete = published();
    Files.move(input, dir.resolve("moved.jsonl"));
    try {
      assertThrows(RuntimeException.class, () -> run());
      JsonNode report = runJson();
      assertEquals("failed", report.get("status").asText());
      assertTrue(report.get("error").asText().contains("posts.jsonl"), report.toString());
      assertEquals(complete, published());
    } finally {
      Files.move(dir.resolve("moved.jsonl"), input);
    }
  }

  @Test
  @Order(4)
  void aSparkFailureInAStageEndsAsFailedWithSparksError() throws Exception {
    Path splitOutput = out.resolve("_work/default/split/data");
    try (Stream<Path> files = Files.list(splitOutput)) {
      for (Path part : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.writeString(part, "not parquet");
      }
    }
    Throwable thrown = assertThrows(Throwable.class, () -> run("publish.target_file_mb=1"));
    JsonNode report = runJson();
    assertEquals("failed", report.get("status").asText());
    assertTrue(report.get("error").asText().length() > 0, report.toString());
    assertTrue(thrown.getClass().getName().startsWith("org.apache.spark"), thrown.toString());
    assertEquals(complete, published());
  }
}
