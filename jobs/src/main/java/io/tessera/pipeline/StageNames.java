package io.tessera.pipeline;

import java.util.List;

/** The stages in pipeline order. */
public final class StageNames {
  public static final String INGEST = "ingest";
  public static final String LANGID = "langid";
  public static final String TAG = "tag";
  public static final String DEDUP = "dedup";
  public static final String SELECT = "select";
  public static final String SPLIT = "split";
  public static final String PUBLISH = "publish";
  /** Drop reasons of the split stage, each also the name of its table of removed records (doc_id, source_name). */
  public static final String CONTAMINATED = "contaminated";
  public static final String BALANCE = "balance";
  public static final List<String> SPLIT_REMOVALS = List.of(CONTAMINATED, BALANCE);
  public static final List<String> ALL = List.of(INGEST, LANGID, TAG, DEDUP, SELECT, SPLIT, PUBLISH);

  private StageNames() {}
}
