package io.tessera.ingest;

import java.io.Serializable;

/** Parses one line of a line-oriented format (JSON lines, NDJSON). Built on the driver, shipped to executors. */
public interface LineFormat extends Serializable {
  void parse(String line, RecordContext context, Emitter out);
}
