package io.tessera.ingest;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.pipeline.Hashes;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.io.Serializable;

/** Where a record comes from: its source, file and byte offset; makes the document envelope with a stable id. */
public final class RecordContext {
  private final SourceInfo source;
  private final String inputFile;
  private long position;

  RecordContext(SourceInfo source, String inputFile) {
    this.source = source;
    this.inputFile = inputFile;
  }

  void at(long position) {
    this.position = position;
  }

  public SourceInfo source() {
    return source;
  }

  public String inputFile() {
    return inputFile;
  }

  public long position() {
    return position;
  }

  /**
   * The record's id when the source gives none: a hash of its content, so that renaming, moving or re-rooting a
   * file changes no id (identical records share it, and dedup keeps one of them).
   */
  public static String contentId(String content) {
    return "sha256:" + Hashes.sha256Hex(16, content);
  }

  /** A documents row with doc_id, kind and source filled in; the reader sets the rest. */
  public RowBuilder newDocument(String sourceRecordId, String uri) {
    RowBuilder sourceRow = new RowBuilder(Tables.SOURCE)
        .set("name", source.name())
        .set("dataset", source.dataset())
        .set("format", source.format())
        .set("source_record_id", sourceRecordId)
        .set("uri", uri)
        .set("input_file", inputFile)
        .set("position", position)
        .set("snapshot", source.snapshot())
        .set("license", source.license());
    return new RowBuilder(Tables.DOCUMENTS)
        .set("doc_id", docId(source.dataset(), sourceRecordId))
        .set("kind", source.kind())
        .set("source", sourceRow.build());
  }

  /** Hex of the first 128 bits of SHA-256 over (dataset, source_record_id): the same on any cluster and rerun. */
  public static String docId(String dataset, String sourceRecordId) {
    return Hashes.sha256Hex(16, dataset, sourceRecordId);
  }


  /** The parts of a source's config that records carry; serialisable, shipped to executors. */
  public record SourceInfo(String name, String dataset, String format, String kind, String license, String snapshot)
      implements Serializable {
    static SourceInfo of(SourceConfig source) {
      return new SourceInfo(source.name, source.dataset, source.format, source.kind.key(), source.license,
          source.snapshot);
    }
  }
}
