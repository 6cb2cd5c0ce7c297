package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.pipeline.StageNames;
import io.tessera.schema.Tables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help, listings, and a one-line error with exit code 2 for every bad input. */
class CliTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Tessera.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path input() throws IOException {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, "{\"id\":\"1\",\"text\":\"hello\"}\n");
    return file;
  }

  private static void assertOneLineError(Result r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void missingConfigFile() {
    assertOneLineError(run("run", "--config", dir.resolve("nope.yaml").toString()), "config file not found");
  }

  @Test
  void misspeltKey() throws IOException {
    Path config = dir.resolve("c.yaml");
    Files.writeString(config, "run:\n  output: " + dir.resolve("out") + "\nsources:\n  - format: jsonl\n    pth: "
        + input() + "\n");
    Result r = run("validate", "--config", config.toString());
    assertOneLineError(r, "unknown key 'sources.0.pth'");
    assertTrue(r.err().contains("line 5"), r.err());
  }

  @Test
  void nonexistentInputPath() {
    assertOneLineError(run("run", "--source", "jsonl=" + dir.resolve("missing.jsonl"), "--output",
        dir.resolve("out").toString()), "does not exist");
  }

  @Test
  void unwritableOutputPath() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    assertOneLineError(run("run", "--source", "jsonl=" + input(), "--output", file.resolve("out").toString()),
        "run.output");
  }

  @Test
  void aRunWhoseSparkSessionCannotStartSaysFailedInRunJson() throws IOException {
    Path out = dir.resolve("out");
    Result r = run("run", "--source", "jsonl=" + input(), "--output", out.toString(), "--set",
        "spark.master=no-such-master://here");
    assertEquals(1, r.code(), r.err());
    String runJson = Files.readString(out.resolve("_tessera/run.json"));
    assertTrue(runJson.contains("\"status\" : \"failed\""), runJson);
    assertTrue(runJson.contains("no-such-master"), runJson);
  }

  @Test
  void unknownReaderAndMissingOutput() throws IOException {
    assertOneLineError(run("validate", "--source", "xml=" + input(), "--output", dir.toString()), "unknown reader 'xml'");
    assertOneLineError(run("validate", "--source", "jsonl=" + input()), "'run.output'");
  }

  @Test
  void validateAcceptsAGoodConfigAndPrintsItRedacted() throws IOException {
    Result r = run("validate", "--source", "jsonl=" + input(), "--output", dir.resolve("out").toString(), "--print",
        "--set", "spark.conf.spark.hadoop.fs.s3a.secret.key=hunter2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("config is valid"), r.out());
    assertTrue(!r.out().contains("hunter2") && r.out().contains("*****"), r.out());
  }

  /** What used to pass validate and fail late with exit 1 stops validate (and run, before Spark) with exit 2. */
  @Test
  void validateRejectsWhatWouldFailLate() throws IOException {
    String[] quick = {"validate", "--source", "jsonl=" + input(), "--output", dir.resolve("out").toString()};
    String[][] cases = {
        {"split.benchmark_files=[" + dir.resolve("no-such-benchmark.jsonl") + "]", "split.benchmark_files.0"},
        {"langid.languages=[xx]", "unknown language 'langid.languages.0': 'xx'"},
        {"langid.languages=[en, xx]", "unknown language 'langid.languages.1'"},
        {"select.languages=[english]", "unknown language 'select.languages.0'"},
        {"balance.max_per_culture=-1", "'balance.max_per_culture' must be 0 (no cap) or more"},
        {"balance.culture_caps.US=-5", "'balance.culture_caps.US' must be 0"},
        {"select.min_chars=1.5", "select.min_chars"},
        {"dedup.bands=many", "dedup.bands"},
        {"sources.0.delimiter=;", "'sources.0.delimiter' is not used by the jsonl reader"},
        {"sources.0.namespaces=[0]", "'sources.0.namespaces' is not used by the jsonl reader"},
        {"langid.accuracy=medium", "'langid.accuracy' must be one of high, low (got 'medium')"},
        {"sources.0.kind=blog_post", "sources.0.kind"},
        {"sources.0.split=dev", "'sources.0.split' must be one of train, validation, test"},
        {"sources.0.pii=hide", "'sources.0.pii' must be one of redact, count, keep"},
        {"tag.weights.hearsay=0.5", "unknown evidence 'tag.weights.hearsay'"},
    };
    for (String[] c : cases) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(quick), java.util.stream.Stream.of(
          "--set", c[0])).toArray(String[]::new);
      assertOneLineError(run(args), c[1]);
    }
    // The run command checks the same before Spark starts.
    assertOneLineError(run("run", "--source", "jsonl=" + input(), "--output", dir.resolve("out").toString(), "--set",
        "split.benchmark_files=[" + dir.resolve("no-such-benchmark.jsonl") + "]"), "split.benchmark_files.0");
    // The keys a reader does use pass.
    Result csv = run("validate", "--source", "csv=" + input(), "--output", dir.resolve("out").toString(), "--set",
        "sources.0.delimiter=;");
    assertEquals(0, csv.code(), csv.err());
  }

  @Test
  void stagesListsThePipelineInOrder() {
    Result r = run("stages");
    assertEquals(0, r.code());
    int last = -1;
    for (String stage : StageNames.ALL) {
      int at = r.out().indexOf("  " + stage + " ");
      assertTrue(at > last, stage + " in order: " + r.out());
      last = at;
    }
    assertTrue(r.out().contains("jsonl"), r.out());
  }

  @Test
  void schemaPrintsThePublishedContract() {
    Result r = run("schema", "documents");
    assertEquals(0, r.code());
    assertEquals(Tables.DOCUMENTS.prettyJson(), r.out().strip());
    assertEquals(2, run("schema", "nope").code());
  }

  @Test
  void helpAndUsage() {
    for (String command : new String[] {"run", "validate", "stages", "schema"}) {
      Result r = run(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().contains("Usage: tessera " + command), r.out());
    }
    assertEquals(2, run().code());
    assertEquals(2, run("run").code());
    assertEquals(2, run("run", "--bogus").code());
  }
}
