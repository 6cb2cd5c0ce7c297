package io.tessera.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.pipeline.StageNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static final String VALID = """
      run:
        output: out/x
      sources:
        - format: jsonl
          path: data/in.jsonl
      """;

  @Test
  void defaultsFillWhatTheFileLeavesOut() throws IOException {
    TesseraConfig config = ConfigLoader.load(write(VALID), List.of());
    assertEquals("out/x", config.run.output);
    assertEquals("default", config.run.runId);
    assertEquals(StageNames.ALL, config.run.stages);
    assertEquals("in", config.sources.get(0).name);
    assertEquals("jsonl", config.sources.get(0).dataset, "not the file name: renaming it must change no doc_id");
    assertEquals(List.of("text"), config.sources.get(0).mapping.text);
    assertEquals(TesseraConfig.SelectSettings.MIN_CHARS_DEFAULT, config.select.minChars);
    assertEquals(TesseraConfig.Accuracy.HIGH, config.langid.accuracy);
    assertEquals(TesseraConfig.Kind.DOCUMENT, config.sources.get(0).kind);
    assertEquals(PiiPolicy.COUNT, config.sources.get(0).pii);
  }

  @Test
  void closedSetsBindToEnumsAndSocialSourcesRedactByDefault() {
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=data/a.jsonl", "reddit=data/rc", "jsonl=data/b.jsonl"),
        "out/x", List.of("sources.0.kind=social_post", "sources.0.split=test", "langid.accuracy=low",
            "sources.1.pii=keep"));
    assertEquals(TesseraConfig.Kind.SOCIAL_POST, config.sources.get(0).kind);
    assertEquals(TesseraConfig.Split.TEST, config.sources.get(0).split);
    assertEquals(TesseraConfig.Accuracy.LOW, config.langid.accuracy);
    assertEquals(PiiPolicy.REDACT, config.sources.get(0).pii, "a social kind");
    assertEquals(PiiPolicy.KEEP, config.sources.get(1).pii, "the source's own choice");
    assertEquals(PiiPolicy.COUNT, config.sources.get(2).pii);
    String yaml = ConfigLoader.toRedactedYaml(config);
    assertTrue(yaml.contains("kind: social_post") && yaml.contains("accuracy: low") && yaml.contains("pii: keep"), yaml);
  }

  @Test
  void readerKeysAreCheckedAsWrittenBeforePresets() throws IOException {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(VALID
        + "    delimiter: \";\"\n"), List.of()));
    assertTrue(e.getMessage().contains("'sources.0.delimiter' is not used by the jsonl reader (its own keys: mapping,"
        + " preset;"), e.getMessage());
    // A csv preset brings csv keys (delimiter, dialogue...): they are the preset's, not the user's.
    TesseraConfig csv = ConfigLoader.quick(List.of("csv:normdial=data/n"), "out/x", List.of());
    assertEquals("csv", csv.sources.get(0).format);
  }

  @Test
  void secretKeysAreRedactedAndTheirValuesScrubbed() {
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=data/a.jsonl"), "out/x", List.of(
        "spark.conf.spark.hadoop.fs.azure.account.key.a.blob.core.windows.net=azure-key-0123456789",
        "spark.conf.spark.hadoop.fs.s3a.encryption.key=s3a-encryption-key-42",
        "spark.conf.spark.hadoop.fs.gs.auth.service.account.private.key=gcs-private-key-77",
        "spark.conf.spark.sql.shuffle.partitions=8"));
    String yaml = ConfigLoader.toRedactedYaml(config);
    for (String value : List.of("azure-key-0123456789", "s3a-encryption-key-42", "gcs-private-key-77")) {
      assertFalse(yaml.contains(value), yaml);
      assertFalse(Secrets.scrub("echo " + value).contains(value));
    }
    assertTrue(yaml.contains("spark.sql.shuffle.partitions: \"8\"") || yaml.contains("spark.sql.shuffle.partitions: 8"),
        yaml);
    assertFalse(Secrets.isSecretKey("spark.sql.shuffle.partitions"));
    assertTrue(new ConfigException("bad value azure-key-0123456789").getMessage().contains("*****"));
  }

  @Test
  void unknownKeyNamesTheKeyAndTheLine() throws IOException {
    Path file = write("""
        run:
          output: out/x
        sources:
          - format: jsonl
            path: data/in.jsonl
        select:
          min_charz: 5
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
    assertTrue(e.getMessage().contains("unknown key 'select.min_charz'"), e.getMessage());
    assertTrue(e.getMessage().contains("line 7"), e.getMessage());
    assertTrue(e.getMessage().contains("min_chars"), "lists the known keys: " + e.getMessage());
  }

  @Test
  void wrongTypeNamesTheKey() throws IOException {
    Path file = write(VALID + "select:\n  min_chars: many\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
    assertTrue(e.getMessage().contains("bad value for key 'select.min_chars'"), e.getMessage());
    assertTrue(e.getMessage().contains("line 7"), e.getMessage());
  }

  @Test
  void missingRequiredValuesAreNamed() throws IOException {
    Path file = write("sources:\n  - format: jsonl\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
    assertTrue(e.getMessage().contains("'run.output'"), e.getMessage());
    assertTrue(e.getMessage().contains("'sources.0.path'"), e.getMessage());
  }

  @Test
  void missingFileIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of()));
    assertTrue(e.getMessage().contains("config file not found"), e.getMessage());
  }

  @Test
  void unknownReaderAndStageAreRejected() throws IOException {
    Path file = write(VALID.replace("format: jsonl", "format: parquet") + "run2: 1\n");
    assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write(VALID), List.of("run.stages=[ingest, sorting]")));
    assertTrue(e.getMessage().contains("unknown stage 'sorting'"), e.getMessage());
  }

  @Test
  void setOverridesAnyKeyWithTypedValues() throws IOException {
    TesseraConfig config = ConfigLoader.load(write(VALID), List.of(
        "select.min_chars=50", "select.drop_nsfw=false", "sources.0.path=other.jsonl",
        "sources.0.mapping.text=[body, text]", "spark.conf.spark.sql.shuffle.partitions=7",
        "split.train=0.7", "split.test=0.2"));
    assertEquals(50, config.select.minChars);
    assertFalse(config.select.dropNsfw);
    assertEquals("other.jsonl", config.sources.get(0).path);
    assertEquals(List.of("body", "text"), config.sources.get(0).mapping.text);
    assertEquals("7", config.spark.conf.get("spark.sql.shuffle.partitions"));
    assertEquals(0.7, config.split.train);
  }

  @Test
  void setOfUnknownKeyOrMissingIndexFails() throws IOException {
    Path file = write(VALID);
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file, List.of("select.min_charz=3")));
    assertTrue(unknown.getMessage().contains("unknown key 'select.min_charz'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("--set"), unknown.getMessage());
    ConfigException index = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file, List.of("sources.3.path=x")));
    assertTrue(index.getMessage().contains("no index 3"), index.getMessage());
  }

  @Test
  void splitRatiosMustSumToOne() throws IOException {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write(VALID), List.of("split.train=0.9")));
    assertTrue(e.getMessage().contains("must sum to 1"), e.getMessage());
    ConfigException held = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write(VALID), List.of("sources.0.split=benchmark")));
    assertTrue(held.getMessage().contains("'sources.0.split' must be one of train, validation, test (got 'benchmark')"), held.getMessage());
  }

  @Test
  void minSharedBandsIsAtMostTheBands() throws IOException {
    ConfigException bands = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write(VALID), List.of("dedup.min_shared_bands=21")));
    assertTrue(bands.getMessage().contains("'dedup.min_shared_bands' must be between 1 and 'dedup.bands'"),
        bands.getMessage());
    assertEquals(3, ConfigLoader.load(write(VALID), List.of("dedup.min_shared_bands=3")).dedup.minSharedBands);
  }

  @Test
  void quickModeBuildsSourcesFromFlags() {
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=data/a.jsonl.gz", "jsonl=other/a.jsonl"), "out/q",
        List.of());
    assertEquals(2, config.sources.size());
    assertEquals("a", config.sources.get(0).name);
    assertEquals("a-2", config.sources.get(1).name);
    assertEquals("out/q", config.run.output);
    assertThrows(ConfigException.class, () -> ConfigLoader.quick(List.of("data/a.jsonl"), "out", List.of()));
  }

  @Test
  void effectiveConfigRedactsSecrets() throws IOException {
    TesseraConfig config = ConfigLoader.load(write(VALID), List.of(
        "spark.conf.spark.hadoop.fs.s3a.secret.key=hunter2", "spark.conf.spark.hadoop.fs.s3a.access.key=AKIAEXAMPLE",
        "spark.conf.spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:9000"));
    String yaml = ConfigLoader.toRedactedYaml(config);
    assertFalse(yaml.contains("hunter2"), yaml);
    assertFalse(yaml.contains("AKIAEXAMPLE"), yaml);
    assertTrue(yaml.contains("http://127.0.0.1:9000"), yaml);
    assertTrue(yaml.contains("*****"), yaml);
  }
}
