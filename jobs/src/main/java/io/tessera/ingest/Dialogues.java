package io.tessera.ingest;

import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Building blocks of dialogue records: turns, and the text every dialogue is compared and identified on. */
final class Dialogues {
  private Dialogues() {}

  record Turn(String speaker, String role, String text, String label) {
    Turn(String speaker, String role, String text) {
      this(speaker, role, text, null);
    }
  }

  static Row turns(List<Turn> turns, RowBuilder dialogue) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      rows.add(new RowBuilder(Tables.TURN).set("idx", i).set("speaker", t.speaker()).set("role", t.role())
          .set("text", t.text()).set("label", t.label()).build());
    }
    return dialogue.set("turns", rows).build();
  }

  /** The turns' texts joined by newlines, system prompts left out: what langid, tagging and dedup read. */
  static String text(List<Turn> turns) {
    List<String> parts = new ArrayList<>();
    for (Turn t : turns) {
      if (!"system".equals(t.role()) && !t.text().isBlank()) {
        parts.add(t.text());
      }
    }
    return String.join("\n", parts);
  }
}
