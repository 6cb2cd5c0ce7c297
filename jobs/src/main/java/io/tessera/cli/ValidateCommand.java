package io.tessera.cli;

import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Preflight;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a config without starting Spark: keys, values, input paths and the output folder. "
        + "Exit 0 when valid, 2 with the problem otherwise.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--print", description = "print the effective config (secrets redacted)")
  boolean print;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TesseraConfig config = options.resolve();
    Preflight.check(config);
    if (print) {
      spec.commandLine().getOut().print(ConfigLoader.toRedactedYaml(config));
    }
    spec.commandLine().getOut().printf("config is valid: %d source(s), output %s%n", config.sources.size(),
        config.run.output);
    return 0;
  }
}
