package io.tessera.ingest;

import org.apache.spark.sql.Row;

/** Receives what a reader makes of one input record: exactly one call per record. */
public interface Emitter {
  void document(Row document);

  /** Malformed input: reason is a short code (malformed_json), message the parser's words. */
  void reject(String reason, String message);

  /** Well-formed input that is not a document (a delete notice, a redirect), counted under reason. */
  void skip(String reason);
}
