package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * CulturePark conversation logs: {@code {"culture": .., "background": .., "content": ["System: ..", "Abdul: ..", ..]}}.
 * Turns are parsed from {@code Name: text} (a line without a speaker continues the turn before it). The record's
 * culture belongs to the persona the system prompt addresses ("You are Abdul"), else to the first speaker.
 */
final class CultureParkFormat implements LineFormat {
  private static final Pattern TURN = Pattern.compile("^\\s*([^:：\\n]{1,60}?)\\s*[:：]\\s*(.*)$", Pattern.DOTALL);
  private static final Pattern ADDRESSED = Pattern.compile("\\bYou are ([\\p{L}][\\p{L}' -]{0,40}?)[,.]");

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode r = Json.parse(line, out);
    if (r == null) {
      return;
    }
    JsonNode content = r.isObject() ? r.get("content") : null;
    if (content == null || !content.isArray()) {
      out.reject("not_a_dialogue", "a CulturePark record needs a 'content' list of 'Name: text' turns");
      return;
    }
    List<Dialogues.Turn> turns = new ArrayList<>();
    for (JsonNode item : content) {
      String entry = Json.text(item);
      if (entry == null || entry.isBlank()) {
        continue;
      }
      Matcher m = TURN.matcher(entry);
      if (m.matches()) {
        String speaker = m.group(1).trim();
        String role = speaker.toLowerCase(Locale.ROOT).equals("system") ? "system" : "persona";
        turns.add(new Dialogues.Turn(speaker, role, m.group(2).trim()));
      } else if (!turns.isEmpty()) {
        Dialogues.Turn last = turns.remove(turns.size() - 1);
        turns.add(new Dialogues.Turn(last.speaker(), last.role(), last.text() + "\n" + entry.trim()));
      } else {
        out.reject("not_a_dialogue", "the first turn has no 'Name:' speaker");
        return;
      }
    }
    if (turns.isEmpty()) {
      out.skip("empty_dialogue");
      return;
    }
    String culture = Json.text(r, "culture");
    String addressed = null;
    for (Dialogues.Turn t : turns) {
      Matcher m = "system".equals(t.role()) ? ADDRESSED.matcher(t.text()) : null;
      if (m != null && m.find()) {
        addressed = m.group(1).trim();
        break;
      }
    }
    Map<String, String> personaCultures = new LinkedHashMap<>();
    for (Dialogues.Turn t : turns) {
      if (!"system".equals(t.role())) {
        personaCultures.putIfAbsent(t.speaker(), null);
      }
    }
    String owner = addressed != null && personaCultures.containsKey(addressed) ? addressed
        : personaCultures.keySet().stream().findFirst().orElse(null);
    List<Row> personas = new ArrayList<>();
    for (String speaker : personaCultures.keySet()) {
      personas.add(new RowBuilder(Tables.PERSONA)
          .set("name", speaker).set("culture", speaker.equals(owner) ? culture : null).set("role", "persona").build());
    }
    String text = Dialogues.text(turns);
    RowBuilder doc = context.newDocument(RecordContext.contentId(line), null);
    doc.set("kind", "dialogue");
    doc.set("text", text);
    doc.set("dialogue", Dialogues.turns(turns, new RowBuilder(Tables.DIALOGUE)
        .set("personas", personas)
        .set("generator", "culturepark")
        .set("background", Json.text(r, "background"))));
    doc.set("quality", Documents.quality(text, null));
    if (culture != null) {
      doc.set("metadata", Map.of("culture", culture));
    }
    out.document(doc.build());
  }
}
