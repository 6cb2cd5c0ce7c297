package io.tessera.ingest;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.ingest.RecordContext.SourceInfo;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Row;

/**
 * MediaWiki pages-articles XML, read as records that end with {@code </page>} so a dump of any size, plain or bz2
 * (single or multistream), is split across tasks. Each record's {@code <page>} element is parsed with StAX, with DTDs
 * and external entities off (no XXE, no entity expansion). Pages outside the configured namespaces and redirects
 * are skipped with counted reasons; a page cut off by the end of the file is rejected as truncated.
 */
final class WikiXmlFormat implements LineFormat {
  private static final String PAGE_END = "</page>";
  private final Map<String, WikiSiteInfo> siteInfo;
  private final Set<Integer> namespaces;
  private transient XMLInputFactory xml;
  private transient Map<String, WikitextCleaner> cleaners;

  private WikiXmlFormat(Map<String, WikiSiteInfo> siteInfo, List<Integer> namespaces) {
    this.siteInfo = siteInfo;
    this.namespaces = Set.copyOf(namespaces);
  }

  /**
   * The wikipedia-xml reader: UTF-8 dumps split on {@code </page>} across tasks; UTF-16 ones (with a byte-order
   * mark; rare) decoded whole, one task per file.
   */
  static Reader reader() {
    String name = "wikipedia-xml";
    String description = "MediaWiki pages-articles XML dumps (plain, .bz2 incl. multistream, .gz; UTF-8 or UTF-16)";
    return new Reader() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<String> options() {
        return Set.of("namespaces", "language");
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public Dataset<Row> read(SparkSession spark, SourceConfig source, List<InputFile> files) {
        Map<String, WikiSiteInfo> sites = WikiSiteInfo.read(files, spark.sparkContext().hadoopConfiguration(),
            source.language);
        WikiXmlFormat format = new WikiXmlFormat(sites, source.namespaces);
        List<InputFile> utf8 = new ArrayList<>();
        List<InputFile> utf16 = new ArrayList<>();
        files.forEach(f -> (sites.get(f.path()).charset().equals("UTF-8") ? utf8 : utf16).add(f));
        Dataset<Row> out = null;
        if (!utf8.isEmpty()) {
          out = new LineReader(name, description, PAGE_END, (s, f, c) -> format).read(spark, source, utf8);
        }
        if (!utf16.isEmpty()) {
          Dataset<Row> decoded = new WholeFileRecordReader(PAGE_END, format).read(spark, source, utf16);
          out = out == null ? decoded : out.unionByName(decoded);
        }
        return out;
      }

      @Override
      public List<Row> readFile(SourceConfig source, InputFile file, Configuration conf) {
        WikiSiteInfo site = WikiSiteInfo.read(List.of(file), conf, source.language).get(file.path());
        WikiXmlFormat format = new WikiXmlFormat(Map.of(file.path(), site), source.namespaces);
        if (site.charset().equals("UTF-8")) {
          return new LineReader(name, description, PAGE_END, (s, f, c) -> format).readFile(source, file, conf);
        }
        try {
          return new WholeFileRecordReader(PAGE_END, format).readFile(file, SourceInfo.of(source), conf);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  public void parse(String record, RecordContext context, Emitter out) {
    int start = record.indexOf("<page>");
    if (start < 0) {
      start = record.indexOf("<page ");
    }
    if (start < 0) {
      // The dump's closing </mediawiki>, or the header alone.
      if (record.contains("<title>") || record.contains("<revision>")) {
        out.reject("malformed_xml", "page content without a <page> start tag");
      } else {
        out.notARecord();
      }
      return;
    }
    Page page;
    try {
      page = parsePage(record.substring(start) + PAGE_END);
    } catch (XMLStreamException e) {
      boolean cut = !record.contains("</revision>");
      out.reject(cut ? "truncated" : "malformed_xml",
          (cut ? "the page is cut off (end of file?): " : "") + e.getMessage().replace('\n', ' '));
      return;
    }
    if (page.title == null || page.id == null) {
      out.reject("malformed_xml", "a page without <title> or <id>");
      return;
    }
    if (!namespaces.contains(page.namespace)) {
      out.skip("namespace");
      return;
    }
    if (page.redirect || page.text == null) {
      out.skip(page.redirect ? "redirect" : "no_text");
      return;
    }
    WikiSiteInfo site = siteInfo.get(context.inputFile());
    WikitextCleaner.Result clean = cleaner(context.inputFile(), site).clean(page.text);
    String dbname = site.dbname();
    RowBuilder doc = context.newDocument((dbname == null ? "" : dbname + ":") + page.id,
        site.language() == null ? null : "https://" + site.language() + ".wikipedia.org/wiki?curid=" + page.id);
    doc.set("kind", "wiki_page");
    doc.set("title", page.title);
    doc.set("text", clean.text());
    doc.set("created_at", Timestamps.parse(page.timestamp));
    if (site.language() != null) {
      doc.set("lang", Documents.declaredLanguage(site.language()));
    }
    List<Row> links = new ArrayList<>();
    for (String[] link : clean.interlanguageLinks()) {
      links.add(new RowBuilder(Tables.INTERLANGUAGE_LINK)
          .set("lang", link[0]).set("title", link[1]).build());
    }
    doc.set("wiki", new RowBuilder(Tables.WIKI)
        .set("page_id", page.id)
        .set("namespace", page.namespace)
        .set("revision_id", page.revisionId)
        .set("dbname", dbname)
        .set("categories", clean.categories())
        .set("interlanguage_links", links)
        .set("sections", clean.sections())
        .build());
    doc.set("quality", Documents.quality(clean.text(), null));
    out.document(doc.build());
  }

  private WikitextCleaner cleaner(String file, WikiSiteInfo site) {
    if (cleaners == null) {
      cleaners = new HashMap<>();
    }
    return cleaners.computeIfAbsent(file, f -> new WikitextCleaner(site.fileNamespaces(), site.categoryNamespaces()));
  }

  private static final class Page {
    String title;
    int namespace;
    Long id;
    Long revisionId;
    String timestamp;
    String text;
    boolean redirect;
  }

  private Page parsePage(String pageXml) throws XMLStreamException {
    if (xml == null) {
      xml = XMLInputFactory.newInstance();
      xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }
    XMLStreamReader r = xml.createXMLStreamReader(new StringReader(pageXml));
    Page page = new Page();
    List<String> path = new ArrayList<>();
    try {
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          path.add(name);
          String at = String.join("/", path);
          switch (at) {
            case "page/title" -> page.title = r.getElementText();
            case "page/ns" -> page.namespace = Integer.parseInt(r.getElementText().trim());
            case "page/id" -> page.id = Long.parseLong(r.getElementText().trim());
            case "page/redirect" -> page.redirect = true;
            case "page/revision/id" -> page.revisionId = Long.parseLong(r.getElementText().trim());
            case "page/revision/timestamp" -> page.timestamp = r.getElementText();
            case "page/revision/text" -> page.text = r.getElementText();
            default -> { }
          }
          if (r.getEventType() == XMLStreamConstants.END_ELEMENT) {
            path.remove(path.size() - 1);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          path.remove(path.size() - 1);
        } else if (event == XMLStreamConstants.ENTITY_REFERENCE || event == XMLStreamConstants.DTD) {
          throw new XMLStreamException("entity references and DTDs are not allowed in a page");
        }
      }
    } catch (NumberFormatException e) {
      throw new XMLStreamException("a page id, namespace or revision id is not a number: " + e.getMessage());
    } finally {
      r.close();
    }
    return page;
  }
}
