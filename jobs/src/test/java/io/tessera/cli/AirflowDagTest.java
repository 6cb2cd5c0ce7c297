package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/airflow/tessera_dag.py compiles, and the arguments it gives spark-submit pass `tessera validate`. */
class AirflowDagTest {
  private static final Path DAG = TestBase.repo().resolve("scripts/airflow/tessera_dag.py");

  @TempDir
  Path dir;

  private static String python(List<String> args, Path output) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TESSERA_CONFIG", TestBase.repo().resolve("conf/demo.yaml").toString());
    pb.environment().put("TESSERA_OUTPUT_ROOT", output.toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void dagCompilesAndItsArgumentsValidate() throws Exception {
    python(List.of("-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        DAG.toString(), dir.resolve("dag.pyc").toString()), dir);
    String script = "import importlib.util, json, sys\n"
        + "spec = importlib.util.spec_from_file_location('dag', sys.argv[1])\n"
        + "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        + "print(json.dumps(m.tessera_args('2026-11-29')))\n";
    String json = python(List.of("-c", script, DAG.toString()), dir).strip();
    List<String> args = new ArrayList<>(List.of(new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(json.substring(json.lastIndexOf('[')), String[].class)));
    assertEquals("run", args.get(0));
    assertTrue(args.contains(dir.resolve("2026-11-29").toString()), "one output folder per logical date: " + args);
    assertTrue(args.containsAll(List.of("--run-id", "2026-11-29")), args.toString());
    // Validate the same arguments (paths in the demo config are relative to the repository).
    args.set(0, "validate");
    Path sample = TestBase.repo().resolve("data/sample");
    String[] sources = {"posts.jsonl", "reddit", "twitter", "wiki", "dialogues/culturepark.jsonl", "chat/chat.jsonl",
        "surveys/values_items.jsonl"};
    for (int i = 0; i < sources.length; i++) {
      args.addAll(List.of("--set", "sources." + i + ".path=" + sample.resolve(sources[i])));
    }
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
  }
}
