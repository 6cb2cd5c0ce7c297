package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.DuckDb;
import io.tessera.TestBase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole pipeline through spark-submit on a real standalone cluster (scripts/local-cluster: a master and two
 * workers, each its own JVM, executors in their own), with the shaded jar `mvn package` built; the published
 * dataset must equal a local run's: same rows, same split assignment. Runs in `mvn verify` (failsafe).
 */
class StandaloneClusterIT {
  private static final Path REPO = TestBase.repo();
  private static Path dir;
  private static String master;

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory(REPO.resolve("jobs/target"), "cluster-it");
    String out = run(List.of(REPO.resolve("scripts/local-cluster").toString(), "start",
        dir.resolve("cluster").toString()), Path.of("cluster-start.log"), 240);
    java.util.regex.Matcher url = java.util.regex.Pattern.compile("spark://127\\.0\\.0\\.1:\\d+").matcher(out);
    assertTrue(url.find(), "the master URL: " + out);
    master = url.group();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (dir != null) {
      run(List.of(REPO.resolve("scripts/local-cluster").toString(), "stop", dir.resolve("cluster").toString()),
          Path.of("cluster-stop.log"), 60);
    }
  }

  private static String run(List<String> command, Path log, int seconds) throws Exception {
    File logFile = dir.resolve(log).toFile();
    ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s; see " + logFile);
    }
    String out = Files.readString(logFile.toPath(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), command + " failed:\n" + out);
    return out;
  }

  private static List<String> demo(Path output) {
    Path sample = REPO.resolve("data/sample");
    List<String> args = new ArrayList<>(List.of("run", "--config", REPO.resolve("conf/demo.yaml").toString(),
        "--output", output.toString()));
    String[] sources = {"posts.jsonl", "reddit", "twitter", "wiki", "dialogues/culturepark.jsonl", "chat/chat.jsonl",
        "surveys/values_items.jsonl"};
    for (int i = 0; i < sources.length; i++) {
      args.addAll(List.of("--set", "sources." + i + ".path=" + sample.resolve(sources[i])));
    }
    return args;
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void clusterRunEqualsLocalRun() throws Exception {
    Path onCluster = dir.resolve("on-cluster");
    List<String> submit = new ArrayList<>(List.of(dir.resolve("cluster/spark-home/bin/spark-submit").toString(),
        "--master", master, "--conf", "spark.executor.memory=2g", "--conf", "spark.ui.enabled=false",
        "--class", "io.tessera.cli.Tessera", shadedJar().toString()));
    submit.addAll(demo(onCluster));
    String log = run(submit, Path.of("submit.log"), 600);
    assertTrue(log.contains("succeeded"), log);
    assertTrue(log.contains("app-"), "ran as a standalone application");

    Path local = dir.resolve("local");
    List<String> localRun = new ArrayList<>(List.of(REPO.resolve("scripts/tessera").toString()));
    localRun.addAll(demo(local));
    run(localRun, Path.of("local.log"), 600);

    try (DuckDb db = new DuckDb()) {
      String rows = "select doc_id, split, culture, language, text from read_parquet('%s/data/**/*.parquet', "
          + "hive_partitioning=true) order by doc_id";
      List<?> clusterRows = db.query(String.format(rows, onCluster));
      assertEquals(42, clusterRows.size());
      assertEquals(db.query(String.format(rows, local)), clusterRows);
    }
  }

  private static Path shadedJar() throws Exception {
    try (var files = Files.list(REPO.resolve("jobs/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("tessera-.*\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar in jobs/target: run mvn verify"));
    }
  }
}
