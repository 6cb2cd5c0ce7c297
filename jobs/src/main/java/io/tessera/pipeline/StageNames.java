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
  /** Drop reason of training records removed by decontamination, and the split stage's table of them. */
  public static final String CONTAMINATED = "contaminated";
  public static final List<String> ALL = List.of(INGEST, LANGID, TAG, DEDUP, SELECT, SPLIT, PUBLISH);

  private StageNames() {}
}
