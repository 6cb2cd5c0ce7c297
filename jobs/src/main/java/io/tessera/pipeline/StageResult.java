package io.tessera.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What a stage did: records in and out, dropped by reason, and stage-specific statistics. */
public final class StageResult {
  public long recordsIn;
  public long recordsOut;
  public Map<String, Long> dropped = new TreeMap<>();
  public Map<String, Object> stats = new LinkedHashMap<>();

  public static StageResult of(long recordsIn, long recordsOut) {
    StageResult result = new StageResult();
    result.recordsIn = recordsIn;
    result.recordsOut = recordsOut;
    return result;
  }

  public StageResult drop(String reason, long count) {
    if (count > 0) {
      dropped.merge(reason, count, Long::sum);
    }
    return this;
  }
}
