package io.tessera.cli;

import io.tessera.ingest.Readers;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.Stages;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "stages", mixinStandardHelpOptions = true, description = "List the pipeline's stages and the readers.")
final class StagesCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Stages, in order:");
    for (Stage stage : Stages.all()) {
      out.printf("  %-8s %s%n", stage.name(), stage.description());
    }
    out.println("Readers (--source FORMAT=PATH, sources[].format):");
    Readers.descriptions().forEach((name, description) -> out.printf("  %-17s %s%s%n", name, description,
        Readers.survey(name) ? " (quick mode: a benchmark source, split: test)" : ""));
    return 0;
  }
}
