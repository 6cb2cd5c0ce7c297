package io.tessera.ingest;

import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import org.apache.spark.sql.Row;

/**
 * Turns a reader's emitter calls into outcome rows ({@link Outcomes#SCHEMA}) for one input segment (a split of a
 * file, or a whole file), and makes sure every record yields at least one outcome.
 */
final class OutcomeCollector implements Emitter {
  private static final int SNIPPET_BYTES = 1024;
  private final String sourceName;
  private final String file;
  private final long segmentStart;
  private final Deque<Row> buffer;
  private RecordContext context;
  private Long lineInSegment;
  private byte[] raw;
  private int rawLength;
  private int emitted;
  private boolean framing;
  private long records;

  OutcomeCollector(String sourceName, String file, long segmentStart, Deque<Row> buffer) {
    this.sourceName = sourceName;
    this.file = file;
    this.segmentStart = segmentStart;
    this.buffer = buffer;
  }

  /**
   * A new record; raw[0, rawLength) are its bytes, the start of which a reject keeps as its snippet. lineInSegment
   * is the record's 0-based line in the segment, or null where records are not lines (XML pages).
   */
  void startRecord(RecordContext context, Long lineInSegment, byte[] raw, int rawLength) {
    this.context = context;
    this.lineInSegment = lineInSegment;
    this.raw = raw;
    this.rawLength = rawLength;
    this.emitted = 0;
    this.framing = false;
  }

  void endRecord() {
    if (emitted == 0 && !framing) {
      reject("parse_error", "the reader produced nothing for this record");
    }
    if (emitted > 0) {
      records++;
    }
  }

  /**
   * The file could not be read past position (a cut or corrupt compressed file): one reject, reason
   * {@link Damage#reason}, after the records read before it. lineInSegment as in startRecord.
   */
  void damage(RecordContext context, Long lineInSegment, Throwable failure, long position) {
    damage(context, lineInSegment, Damage.reason(failure), Damage.message(failure, position), position);
  }

  void damage(RecordContext context, Long lineInSegment, String reason, String message, long position) {
    context.at(position);
    startRecord(context, lineInSegment, new byte[0], 0);
    reject(reason, message);
    endRecord();
  }

  private RowBuilder outcome(String kind) {
    emitted++;
    return new RowBuilder(Outcomes.SCHEMA)
        .set("outcome", kind)
        .set("source_name", sourceName)
        .set("input_file", file)
        .set("segment_start", segmentStart)
        .set("line_in_segment", lineInSegment);
  }

  @Override
  public void document(Row document) {
    buffer.add(outcome(Outcomes.DOCUMENT).set("document", document).build());
  }

  @Override
  public void reject(String reason, String message) {
    Row reject = new RowBuilder(Tables.REJECTS)
        .set("source_name", sourceName)
        .set("format", context.source().format())
        .set("input_file", file)
        .set("position", context.position())
        .set("reason", reason)
        .set("message", message)
        .set("snippet", snippet(raw, rawLength))
        .build();
    buffer.add(outcome(Outcomes.REJECT).set("reject", reject).build());
  }

  @Override
  public void skip(String reason) {
    buffer.add(outcome(Outcomes.SKIP).set("skip_reason", reason).build());
  }

  @Override
  public void notARecord() {
    framing = true;
  }

  /** The segment row: its lines, the records it yielded (documents, rejects, skips) and its bytes on disk. */
  Row segment(long lines, long bytes) {
    return new RowBuilder(Outcomes.SCHEMA)
        .set("outcome", Outcomes.SEGMENT)
        .set("source_name", sourceName)
        .set("input_file", file)
        .set("segment_start", segmentStart)
        .set("segment_lines", lines)
        .set("segment_records", records)
        .set("segment_bytes", bytes)
        .build();
  }

  private static String snippet(byte[] raw, int rawLength) {
    int length = Math.min(rawLength, SNIPPET_BYTES);
    // Back off to a UTF-8 character boundary so the snippet never ends in half a character.
    while (length > 0 && length < rawLength && (raw[length] & 0xC0) == 0x80) {
      length--;
    }
    return new String(raw, 0, length, StandardCharsets.UTF_8);
  }
}
