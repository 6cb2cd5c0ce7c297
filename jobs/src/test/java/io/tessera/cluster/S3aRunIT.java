package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo config with {@code s3a://} input and output, through hadoop-aws and the S3A magic committer, against an
 * S3 server on 127.0.0.1 (S3Proxy with a file-system backend, its own process): the published dataset equals a
 * local run's, credentials come from the environment or a profile file and appear in no log, effective config,
 * run report or work file. Runs in `mvn verify` (failsafe); S3Proxy's jar is copied to target/it-tools by Maven.
 */
class S3aRunIT {
  private static final String BUCKET = "tessera";
  private static final String ACCESS_KEY = "TESSERAIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 11)
      .toUpperCase();
  private static final String SECRET_KEY = "it-secret-" + UUID.randomUUID();

  private static Path dir;
  private static Path blobs;
  private static Process s3proxy;
  private static String endpoint;

  @BeforeAll
  static void startS3Server() throws Exception {
    dir = Files.createTempDirectory(Processes.REPO.resolve("jobs/target"), "s3a-it");
    blobs = dir.resolve("blobs");
    Files.createDirectories(blobs.resolve(BUCKET));
    int port = Processes.freePort();
    endpoint = "http://127.0.0.1:" + port;
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=" + endpoint,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + blobs), StandardCharsets.UTF_8);
    Path jar = Processes.REPO.resolve("jobs/target/it-tools/s3proxy.jar");
    assertTrue(Files.exists(jar), "S3Proxy is copied there by `mvn verify` (pre-integration-test)");
    s3proxy = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!listening(port)) {
      assertTrue(s3proxy.isAlive(), "S3Proxy exited: see " + dir.resolve("s3proxy.log"));
      assertTrue(System.nanoTime() < deadline, "S3Proxy did not listen within 60 s");
      Thread.sleep(200);
    }
    // Objects of the file-system backend are plain files: the sample corpus becomes s3a://tessera/input/...
    copyTree(Processes.sample(), blobs.resolve(BUCKET).resolve("input"));
  }

  @AfterAll
  static void stopS3Server() throws Exception {
    if (s3proxy != null) {
      s3proxy.destroy();
      if (!s3proxy.waitFor(20, TimeUnit.SECONDS)) {
        s3proxy.destroyForcibly();
      }
    }
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void s3aRunEqualsLocalRunWithCredentialsFromTheEnvironment() throws Exception {
    List<String> onS3 = tessera(Processes.demo("s3a://" + BUCKET + "/out", sample -> "s3a://" + BUCKET + "/input/"
        + sample));
    // With _SUCCESS files on, an S3A committer leaves its name in each job's _SUCCESS (a JSON summary).
    onS3.addAll(List.of("--set", "spark.conf.spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs=true"));
    String log = Processes.succeed(onS3, Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        dir.resolve("s3a-run.log"), 600);
    assertTrue(log.contains("succeeded"), log);

    Path local = dir.resolve("local");
    List<String> localRun = new ArrayList<>(List.of(Processes.REPO.resolve("scripts/tessera").toString()));
    localRun.addAll(Processes.demo(local.toString(), sample -> Processes.sample().resolve(sample).toString()));
    Processes.succeed(localRun, Map.of(), dir.resolve("local.log"), 600);

    Path published = blobs.resolve(BUCKET).resolve("out");
    String success = Files.readString(published.resolve("_work/default/ingest/data/_SUCCESS"));
    assertTrue(success.matches("(?s).*\"committer\"\\s*:\\s*\"magic\".*"), "written by the S3A magic committer: "
        + success);
    assertTrue(Files.exists(published.resolve("_tessera/run.json")));
    assertTrue(Files.exists(published.resolve("_tessera/config.yaml")));
    Processes.assertSameDataset(local, published);
    assertNoCredentials(log, published);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void credentialsFromAProfileFile() throws Exception {
    Path profiles = dir.resolve("aws-credentials");
    Files.writeString(profiles, "[tessera-it]\naws_access_key_id = " + ACCESS_KEY + "\naws_secret_access_key = "
        + SECRET_KEY + "\n", StandardCharsets.UTF_8);
    List<String> ingest = tessera(List.of("run", "--source", "reddit=s3a://" + BUCKET + "/input/reddit",
        "--output", "s3a://" + BUCKET + "/profile-out", "--stages", "ingest"));
    String log = Processes.succeed(ingest, Map.of("AWS_SHARED_CREDENTIALS_FILE", profiles.toString(),
        "AWS_PROFILE", "tessera-it"), dir.resolve("profile-run.log"), 240);
    Path out = blobs.resolve(BUCKET).resolve("profile-out");
    String report = Files.readString(out.resolve("_tessera/run.json"), StandardCharsets.UTF_8);
    assertTrue(report.contains("\"records_in\""), report);
    assertNoCredentials(log, out);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void wrongCredentialsFailBeforeSparkWithTheSourceNamed() throws Exception {
    List<String> ingest = tessera(List.of("run", "--source", "reddit=s3a://" + BUCKET + "/input/reddit",
        "--output", "s3a://" + BUCKET + "/denied", "--stages", "ingest"));
    Processes.Finished done = Processes.run(ingest, Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", "not-" + SECRET_KEY), dir.resolve("denied.log"), 120);
    assertEquals(2, done.exitCode(), done.output());
    assertTrue(done.output().contains("sources.0.path"), done.output());
    assertTrue(done.output().contains("s3a://" + BUCKET + "/input/reddit"), done.output());
    assertFalse(done.output().contains(SECRET_KEY), "the secret was printed");
  }

  /** scripts/tessera with the S3 server's settings; no credential on the command line or in the config. */
  private static List<String> tessera(List<String> runArgs) {
    List<String> command = new ArrayList<>(List.of(Processes.REPO.resolve("scripts/tessera").toString()));
    command.addAll(runArgs);
    for (String setting : List.of("fs.s3a.endpoint=" + endpoint, "fs.s3a.endpoint.region=us-east-1",
        "fs.s3a.path.style.access=true", "fs.s3a.connection.ssl.enabled=false",
        "fs.s3a.change.detection.version.required=false", "fs.s3a.attempts.maximum=2",
        "fs.s3a.retry.limit=2")) {
      command.addAll(List.of("--set", "spark.conf.spark.hadoop." + setting));
    }
    return command;
  }

  private static void assertNoCredentials(String log, Path written) throws IOException {
    assertFalse(log.contains(SECRET_KEY), "the secret key is in the log");
    assertFalse(log.contains(ACCESS_KEY), "the access key is in the log");
    try (Stream<Path> files = Files.walk(written)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(SECRET_KEY), "the secret key is in " + file);
        assertFalse(content.contains(ACCESS_KEY), "the access key is in " + file);
      }
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }
}
