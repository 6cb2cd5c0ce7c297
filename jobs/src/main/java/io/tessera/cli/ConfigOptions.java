package io.tessera.cli;

import io.tessera.config.ConfigException;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that resolve a run's configuration; shared by run and validate. */
final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the run's YAML config")
  Path config;

  @Option(names = "--source", paramLabel = "FORMAT=PATH",
      description = "quick mode, no config file: read PATH with reader FORMAT (repeatable)")
  List<String> sources = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "quick mode: the output folder (run.output)")
  String output;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. select.min_chars=50 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--stages", paramLabel = "STAGE[,STAGE...]", split = ",",
      description = "run only these stages (earlier ones must have current output)")
  List<String> stages;

  @Option(names = "--run-id", paramLabel = "ID", description = "the run's id: its work folder WORK/ID (default: ${DEFAULT-VALUE})",
      defaultValue = TesseraConfig.RunSettings.RUN_ID_DEFAULT)
  String runId;

  @Option(names = "--work", paramLabel = "DIR", description = "folder for stage outputs (default OUTPUT/_work)")
  String work;

  TesseraConfig resolve() {
    List<String> all = new ArrayList<>(overrides);
    if (stages != null) {
      all.add("run.stages=[" + String.join(",", stages) + "]");
    }
    all.add("run.run_id=" + runId);
    if (work != null) {
      all.add("run.work=" + work);
    }
    if (config != null) {
      if (!sources.isEmpty()) {
        throw new ConfigException("give either --config or --source, not both");
      }
      if (output != null) {
        all.add("run.output=" + output);
      }
      return ConfigLoader.load(config, all);
    }
    if (sources.isEmpty()) {
      throw new ConfigException("give --config FILE, or --source FORMAT=PATH and --output DIR");
    }
    return ConfigLoader.quick(sources, output, all);
  }
}
