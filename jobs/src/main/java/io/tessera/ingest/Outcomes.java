package io.tessera.ingest;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.tessera.schema.Tables;
import org.apache.spark.sql.types.StructType;

/**
 * What a reader makes of its input, one row per outcome: a document, a reject, a skip with its reason, or a
 * segment row that counts the lines, records and bytes of one input split (lines turn split-relative positions into
 * line numbers; records and bytes find the files that gave no record at all).
 * Internal to ingest; never published.
 */
final class Outcomes {
  static final String DOCUMENT = "document";
  static final String REJECT = "reject";
  static final String SKIP = "skip";
  static final String SEGMENT = "segment";

  static final StructType SCHEMA = new StructType()
      .add("outcome", StringType, false)
      .add("source_name", StringType, false)
      .add("document", Tables.DOCUMENTS, true)
      .add("reject", Tables.REJECTS, true)
      .add("skip_reason", StringType, true)
      .add("input_file", StringType, true)
      .add("segment_start", LongType, true)
      .add("line_in_segment", LongType, true)
      .add("segment_lines", LongType, true)
      .add("segment_records", LongType, true)
      .add("segment_bytes", LongType, true);

  private Outcomes() {}
}
