package io.tessera.publish;

import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The held-out dialogue benchmark: every published dialogue or chat of the validation and test splits with at least
 * two messages becomes one next-turn item, its earlier messages the context and its last message the reference,
 * with the personas' cultures and the source's per-turn labels (NormDial's norm adherence, for example). Training
 * never holds these dialogues: they are in held-out splits, and training records sharing an n-gram with them were
 * removed by decontamination.
 */
final class DialogueBenchmark {
  private DialogueBenchmark() {}

  static Dataset<Row> items(Dataset<Row> published) {
    return Conform.to(published
        .where("split <> 'train' and dialogue is not null and messages is not null and size(messages) >= 2")
        .selectExpr("doc_id as item_id", "doc_id", "split", "source.name as source_name", "culture", "language",
            "filter(transform(dialogue.personas, p -> p.culture), c -> c is not null) as persona_cultures",
            "dialogue.background as background",
            "slice(messages, 1, size(messages) - 1) as context",
            "element_at(messages, -1).role as reference_role",
            "element_at(messages, -1).content as reference",
            // The messages are the turns with text (PublishStage.MESSAGES), so the labels line up with them.
            "transform(filter(dialogue.turns, t -> trim(t.text) <> ''), t -> t.label) as turn_labels"),
        Tables.DIALOGUE_ITEM);
  }
}
