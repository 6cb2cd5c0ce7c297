package io.tessera.ingest;

import org.apache.spark.sql.Row;

/**
 * Receives what a reader makes of one input record (a line, a page): one or more documents (a page of tweets holds
 * many), or one reject, or one skip, or {@link #notARecord()} for input that holds no record at all.
 */
public interface Emitter {
  void document(Row document);

  /** Malformed input: reason is a short code (malformed_json), message the parser's words. */
  void reject(String reason, String message);

  /** Well-formed input that is not a document (a delete notice, a redirect), counted under reason. */
  void skip(String reason);

  /** Framing that is no record (the closing tag after a dump's last page): counted nowhere. */
  void notARecord();
}
