package io.tessera.pipeline;

import io.tessera.dedup.DedupStage;
import io.tessera.ingest.IngestStage;
import io.tessera.langid.LangIdStage;
import io.tessera.publish.PublishStage;
import io.tessera.select.SelectStage;
import io.tessera.split.SplitStage;
import io.tessera.tagging.TagStage;
import java.util.List;

/** The pipeline's stages, in order; names as in {@link StageNames}. */
public final class Stages {
  private Stages() {}

  public static List<Stage> all() {
    return List.of(new IngestStage(), new LangIdStage(), new TagStage(), new DedupStage(), new SelectStage(),
        new SplitStage(), new PublishStage());
  }
}
