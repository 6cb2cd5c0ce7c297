package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials given every way a user can (--set of spark.conf keys, the YAML file, spark-submit's spark.hadoop.*
 * system properties) never reach an output file, the captured logs (Spark's INFO included, with spark.logConf) or
 * an error message.
 */
class SecretsLeakTest {
  @TempDir
  Path dir;

  /** Each credential key Hadoop and Spark know, with a value that appears nowhere else. */
  private static final Map<String, String> SET_SECRETS = Map.of(
      "spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net", "AzureAccountKey0123456789abcdef==",
      "spark.hadoop.fs.s3a.encryption.key", "S3aEncryptionKeyQ2xpZW50S2V5",
      "spark.hadoop.fs.gs.auth.service.account.private.key", "GcsPrivateKeyMIIEvQIBADANBg",
      "spark.hadoop.fs.s3a.secret.key", "S3aSecretKeywJalrXUtnFEMI",
      "spark.hadoop.fs.s3a.session.token", "S3aSessionTokenFwoGZXIvYXdz",
      "spark.ssl.keyStorePassword", "KeyStorePassword-hunter2",
      "spark.hadoop.fs.azure.account.oauth2.client.credential", "AzureOauthCredential-7f3a");
  private static final String FILE_SECRET = "AzureClientSecretFromFile-9d1c";
  private static final String LAUNCHER_KEY = "spark.hadoop.fs.s3a.access.key";
  private static final String LAUNCHER_SECRET = "AKIALAUNCHERACCESSKEY42";

  @Test
  void noSecretValueInAnyOutputFileLogOrMessage() throws IOException {
    Path input = dir.resolve("posts.jsonl");
    Files.writeString(input, String.join("\n",
        "{\"id\": \"1\", \"text\": \"A long enough post about Thai cooking and the markets of Bangkok.\"}",
        "{\"id\": \"2\", \"text\": \"Another post, this one about Kenyan tea farms in the highlands.\"}",
        "{not json") + "\n");
    Path config = dir.resolve("c.yaml");
    Files.writeString(config, "run:\n  output: " + dir.resolve("out") + "\nsources:\n  - format: jsonl\n    path: "
        + input + "\n    kind: social_post\nspark:\n  conf:\n"
        + "    spark.hadoop.fs.azure.account.oauth2.client.secret: " + FILE_SECRET + "\n"
        + "    spark.logConf: \"true\"\n");
    List<String> args = new ArrayList<>(List.of("run", "--config", config.toString()));
    SET_SECRETS.forEach((key, value) -> args.addAll(List.of("--set", "spark.conf." + key + "=" + value)));

    StringWriter logs = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    WriterAppender capture = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex")
        .build(), null, logs, "secrets-capture", false, true);
    capture.start();
    context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
    Level rootLevel = context.getRootLogger().getLevel();
    Configurator.setRootLevel(Level.INFO);
    System.setProperty(LAUNCHER_KEY, LAUNCHER_SECRET);
    CliTest.Result run;
    CliTest.Result bad;
    try {
      run = CliTest.run(args.toArray(String[]::new));
      // A value given under a secret key and echoed by a validation message under another key.
      bad = CliTest.run("validate", "--config", config.toString(), "--set",
          "spark.conf.spark.hadoop.fs.s3a.secret.key=S3aSecretKeywJalrXUtnFEMI", "--set",
          "sources.0.split=S3aSecretKeywJalrXUtnFEMI");
    } finally {
      System.clearProperty(LAUNCHER_KEY);
      Configurator.setRootLevel(rootLevel);
      context.getConfiguration().getRootLogger().removeAppender("secrets-capture");
      context.getConfiguration().getRootLogger().getAppenders().keySet().stream()
          .filter(name -> name.startsWith("secrets-capture")).toList()
          .forEach(context.getConfiguration().getRootLogger()::removeAppender);
      context.updateLoggers();
    }
    assertEquals(0, run.code(), run.err());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("sources.0.split") && bad.err().contains("*****"), bad.err());
    assertTrue(logs.toString().contains("Spark configuration"), "Spark logged its config (spark.logConf)");

    List<String> secrets = new ArrayList<>(SET_SECRETS.values());
    secrets.add(FILE_SECRET);
    secrets.add(LAUNCHER_SECRET);
    List<String> texts = new ArrayList<>(List.of(logs.toString(), run.out(), run.err(), bad.out(), bad.err()));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("out"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() > 10, "the run wrote its outputs: " + files);
    for (Path file : files) {
      texts.add(file + "\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }
    for (String secret : secrets) {
      for (String text : texts) {
        assertFalse(text.contains(secret), secret + " leaked into: " + text.substring(0, Math.min(200, text.length())));
      }
    }
    String written = Files.readString(dir.resolve("out/_tessera/config.yaml"));
    assertTrue(written.lines().anyMatch(line -> line.contains("fs.azure.account.key.acct.blob.core.windows.net")
        && line.contains("*****")), written);
  }
}
