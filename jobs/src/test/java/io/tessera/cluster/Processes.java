package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.DuckDb;
import io.tessera.TestBase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Processes the integration tests start: bounded in time, output in a log file, Spark on loopback. */
final class Processes {
  static final Path REPO = TestBase.repo();

  /** The demo config's sources in order, as paths under data/sample. */
  private static final String[] SAMPLE_SOURCES = {"posts.jsonl", "reddit", "twitter", "wiki",
      "dialogues/culturepark.jsonl", "chat/chat.jsonl", "surveys/values_items.jsonl"};

  private Processes() {}

  record Finished(int exitCode, String output) {}

  static Finished run(List<String> command, Map<String, String> env, Path log, int seconds) throws Exception {
    File logFile = log.toFile();
    ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s; see " + logFile);
    }
    return new Finished(p.exitValue(), Files.readString(logFile.toPath(), StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed; returns its output. */
  static String succeed(List<String> command, Map<String, String> env, Path log, int seconds) throws Exception {
    Finished done = run(command, env, log, seconds);
    assertEquals(0, done.exitCode(), command + " failed:\n" + done.output());
    return done.output();
  }

  /** `run` arguments for conf/demo.yaml with every source path given by {@code location} of its sample path. */
  static List<String> demo(String output, Function<String, String> location) {
    List<String> args = new ArrayList<>(List.of("run", "--config", REPO.resolve("conf/demo.yaml").toString(),
        "--output", output));
    for (int i = 0; i < SAMPLE_SOURCES.length; i++) {
      args.addAll(List.of("--set", "sources." + i + ".path=" + location.apply(SAMPLE_SOURCES[i])));
    }
    return args;
  }

  /** Asserts that a run published the demo's 41 rows exactly as the local run {@code expected} did. */
  static void assertSameDataset(Path expected, Path actual) throws Exception {
    try (DuckDb db = new DuckDb()) {
      String rows = "select doc_id, split, culture, language, text from read_parquet('%s/data/**/*.parquet', "
          + "hive_partitioning=true) order by doc_id";
      List<?> actualRows = db.query(String.format(rows, actual));
      assertEquals(41, actualRows.size());
      assertEquals(db.query(String.format(rows, expected)), actualRows);
      String rejects = "select input_file, position, reason from read_parquet('%s/rejects/*.parquet')";
      assertEquals(db.query(String.format(rejects, expected)).size(), db.query(String.format(rejects, actual)).size());
    }
  }

  static Path sample() {
    return REPO.resolve("data/sample");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
