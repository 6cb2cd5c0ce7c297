package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private static final Path REPO = Processes.REPO;
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
    return Processes.succeed(command, Map.of(), dir.resolve(log), seconds);
  }

  private static List<String> demo(Path output) {
    return Processes.demo(output.toString(), sample -> Processes.sample().resolve(sample).toString());
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

    Processes.assertSameDataset(local, onCluster);
  }

  private static Path shadedJar() throws Exception {
    try (var files = Files.list(REPO.resolve("jobs/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("tessera-.*\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar in jobs/target: run mvn verify"));
    }
  }
}
