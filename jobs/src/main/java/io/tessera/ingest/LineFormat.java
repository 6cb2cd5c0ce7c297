package io.tessera.ingest;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Parses one record of a delimited format (a JSON line, a wiki page). Built on the driver, shipped to executors. */
public interface LineFormat extends Serializable {
  void parse(String record, RecordContext context, Emitter out);

  /** Makes a format for a source; may read file headers on the driver (a dump's siteinfo). */
  @FunctionalInterface
  interface Factory extends Serializable {
    LineFormat create(SourceConfig source, List<InputFile> files, Configuration conf);
  }
}
