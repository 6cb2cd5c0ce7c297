package io.tessera.cli;

import io.tessera.schema.Tables;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Print a table's schema as Spark JSON, the text of schemas/TABLE.json.")
final class SchemaCommand implements Callable<Integer> {
  @Parameters(paramLabel = "TABLE", arity = "0..1", description = "documents, rejects or dataset; none lists them")
  String table;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (table == null) {
      Tables.ALL.keySet().forEach(spec.commandLine().getOut()::println);
      return 0;
    }
    if (!Tables.ALL.containsKey(table)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown table '" + table + "'; tables: " + String.join(", ", Tables.ALL.keySet()));
    }
    spec.commandLine().getOut().println(Tables.table(table).prettyJson());
    return 0;
  }
}
