package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * CirrusSearch dumps ({@code enwiki-YYYYMMDD-cirrussearch-content.json.gz}): Elasticsearch bulk lines in pairs, an
 * action line ({@code {"index":{"_type":"page","_id":"12"}}}, newer dumps without {@code _type}) then the page's
 * document, whose {@code text} is already plain. Each line is read on its own, so a pair may straddle a split
 * boundary: the action line is framing, and the record id is the page's namespace and title (unique in a wiki),
 * the same on any partitioning.
 */
final class CirrusFormat implements LineFormat {
  private final Map<String, String> dbnames;
  private final Set<Integer> namespaces;

  private CirrusFormat(Map<String, String> dbnames, List<Integer> namespaces) {
    this.dbnames = dbnames;
    this.namespaces = Set.copyOf(namespaces);
  }

  static LineReader reader() {
    return new LineReader("wikipedia-cirrus", "CirrusSearch JSON dumps (action and document line pairs)",
        CirrusFormat::create).withOptions("namespaces", "language");
  }

  private static CirrusFormat create(SourceConfig source, List<InputFile> files, Configuration conf) {
    Map<String, String> dbnames = new LinkedHashMap<>();
    for (InputFile file : files) {
      String dbname = WikiSiteInfo.parse("", file.relativeName(), source.language).dbname();
      dbnames.put(file.path(), dbname != null ? dbname : source.dataset);
    }
    return new CirrusFormat(dbnames, source.namespaces);
  }

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode r = Json.parseObject(line, out, "a CirrusSearch line");
    if (r == null) {
      return;
    }
    if (r.has("index") && r.size() == 1) {
      out.notARecord();
      return;
    }
    String title = Json.text(r, "title");
    Long namespace = Json.longValue(r, "namespace");
    if (title == null || namespace == null) {
      out.reject("not_cirrus", "neither an action line nor a page document with title and namespace");
      return;
    }
    if (!namespaces.contains(namespace.intValue())) {
      out.skip("namespace");
      return;
    }
    String text = Json.text(r, "text");
    if (text == null) {
      out.skip("no_text");
      return;
    }
    String dbname = dbnames.get(context.inputFile());
    String language = Json.text(r, "language");
    RowBuilder doc = context.newDocument(dbname + ":" + namespace + ":" + title,
        language == null ? null : "https://" + language + ".wikipedia.org/wiki/" + title.replace(' ', '_'));
    doc.set("kind", "wiki_page");
    doc.set("title", title);
    doc.set("text", text);
    doc.set("created_at", Timestamps.parse(Json.at(r, "timestamp")));
    if (language != null) {
      doc.set("lang", Documents.declaredLanguage(language));
    }
    doc.set("wiki", new RowBuilder(Tables.WIKI)
        .set("page_id", Json.longValue(r, "page_id"))
        .set("namespace", namespace.intValue())
        .set("revision_id", Json.longValue(r, "version"))
        .set("dbname", dbname)
        .set("categories", strings(r.get("category")))
        .set("sections", strings(r.get("heading")))
        .build());
    doc.set("quality", Documents.quality(text, null));
    String item = Json.text(r, "wikibase_item");
    if (item != null) {
      doc.set("metadata", Map.of("wikibase_item", item));
    }
    out.document(doc.build());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(item -> {
        if (item.isValueNode()) {
          out.add(item.asText());
        }
      });
    }
    return out;
  }
}
