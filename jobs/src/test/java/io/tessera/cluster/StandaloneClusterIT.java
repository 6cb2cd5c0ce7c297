package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole pipeline through spark-submit on a real standalone cluster (scripts/local-cluster: a master and two
 * workers, each its own JVM, executors in their own), with the shaded jar `mvn package` built; the published
 * dataset must equal a local run's: same rows, same split assignment, also when an executor is killed mid-stage.
 * Runs in `mvn verify` (failsafe).
 */
class StandaloneClusterIT {
  private static final Path REPO = Processes.REPO;
  private static Path dir;
  private static final int KILLS = 3;
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

  /**
   * The demo through spark-submit, with one executor JVM killed (SIGKILL) in the middle of a task of the langid
   * stage, just after ingest committed: Spark reruns the lost tasks on a new executor and the run publishes the same
   * dataset as the local run. A task can finish between the look at the logs and the kill, so the kill is repeated
   * (at most {@value #KILLS} times) until the driver reports a lost task.
   */
  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void clusterRunWithAKilledExecutorEqualsLocalRun() throws Exception {
    Path onCluster = dir.resolve("executor-killed");
    Path log = dir.resolve("submit-executor-killed.log");
    ProcessBuilder pb = new ProcessBuilder(submit(onCluster)).directory(REPO.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process submit = pb.start();
    try {
      Path ingestCommitted = onCluster.resolve("_work/default/ingest/_tessera_stage.json");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
      while (!Files.exists(ingestCommitted) && submit.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(ingestCommitted), "ingest committed; see " + log);
      Set<Path> killedLogs = new HashSet<>();
      for (int kill = 0; kill < KILLS && submit.isAlive() && !Files.readString(log).contains("Lost task"); kill++) {
        // Kill while a task is in flight on worker 1's live executor: its log shows more tasks started than finished.
        while (tasksInFlight(killedLogs) <= 0 && submit.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        killedLogs.addAll(executorLogs());
        long worker = Long.parseLong(Files.readString(dir.resolve("cluster/worker1.pid")).trim());
        List<ProcessHandle> executors = ProcessHandle.of(worker).orElseThrow().children()
            .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
        executors.forEach(ProcessHandle::destroyForcibly);
        long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (submit.isAlive() && !Files.readString(log).contains("Lost executor") && System.nanoTime() < seen) {
          Thread.sleep(100);
        }
      }
      assertTrue(submit.waitFor(10, TimeUnit.MINUTES), "the run ends; see " + log);
    } finally {
      submit.destroyForcibly();
    }
    String output = Files.readString(log);
    assertEquals(0, submit.exitValue(), output);
    assertTrue(output.contains("succeeded"), output);
    assertTrue(output.contains("app-"), "ran as a standalone application");
    assertTrue(output.contains("Lost executor"), "Spark saw the executor die: " + output);
    assertTrue(output.contains("Lost task"), "a running task was lost and rerun: " + output);
    Processes.assertSameDataset(localRun(), onCluster);
  }

  /** Tasks worker 1's live executors started and did not finish, from their logs (Spark's default INFO logging). */
  private static long tasksInFlight(Set<Path> killedLogs) throws Exception {
    long inFlight = 0;
    for (Path stderr : executorLogs()) {
      if (!killedLogs.contains(stderr)) {
        for (String line : Files.readAllLines(stderr)) {
          inFlight += line.contains("Executor: Running task") ? 1 : line.contains("Executor: Finished task") ? -1 : 0;
        }
      }
    }
    return inFlight;
  }

  private static List<Path> executorLogs() throws Exception {
    try (var logs = Files.walk(dir.resolve("cluster/work/worker1"))) {
      return logs.filter(f -> f.getFileName().toString().equals("stderr")).toList();
    }
  }

  private List<String> submit(Path output) throws Exception {
    List<String> submit = new ArrayList<>(List.of(dir.resolve("cluster/spark-home/bin/spark-submit").toString(),
        "--master", master, "--conf", "spark.executor.memory=2g", "--conf", "spark.ui.enabled=false",
        "--class", "io.tessera.cli.Tessera", shadedJar().toString()));
    submit.addAll(demo(output));
    return submit;
  }

  /** The demo run with embedded local Spark, once for the class. */
  private static synchronized Path localRun() throws Exception {
    Path local = dir.resolve("local");
    if (!Files.exists(local.resolve("_tessera/run.json"))) {
      List<String> localRun = new ArrayList<>(List.of(REPO.resolve("scripts/tessera").toString()));
      localRun.addAll(demo(local));
      run(localRun, Path.of("local.log"), 600);
    }
    return local;
  }

  private static Path shadedJar() throws Exception {
    try (var files = Files.list(REPO.resolve("jobs/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("tessera-.*\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar in jobs/target: run mvn verify"));
    }
  }
}
