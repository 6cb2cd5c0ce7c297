package io.tessera.ingest;

import io.tessera.ingest.InputFiles.InputFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * What a dump's {@code <siteinfo>} says: the wiki's database name, language and localised namespace names. Read on
 * the driver from the start of each file (at most {@value #HEADER_BYTES} bytes decompressed), because the tasks
 * reading later splits never see it. Without siteinfo the name comes from the file name (enwiki-...), then config.
 */
record WikiSiteInfo(String dbname, String language, List<String> fileNamespaces, List<String> categoryNamespaces,
    String charset) implements Serializable {
  private static final int HEADER_BYTES = 1 << 20;
  private static final Pattern DBNAME = Pattern.compile("<dbname>\\s*([^<\\s]+)\\s*</dbname>");
  private static final Pattern XML_LANG = Pattern.compile("<mediawiki[^>]*\\sxml:lang=\"([^\"]+)\"");
  private static final Pattern NAMESPACE = Pattern.compile("<namespace key=\"(-?\\d+)\"[^>/]*>([^<]*)</namespace>");
  private static final Pattern FILE_DBNAME = Pattern.compile("^([a-z][a-z0-9_]*?wiki[a-z]*)[-_.]");
  private static final Pattern WIKI_LANGUAGE = Pattern.compile("^([a-z_]+?)wiki$");

  static Map<String, WikiSiteInfo> read(List<InputFile> files, Configuration conf, String configuredLanguage) {
    Map<String, WikiSiteInfo> byFile = new HashMap<>();
    for (InputFile file : files) {
      byte[] head = header(file, conf);
      Charset charset = charsetOf(head);
      String text = new String(head, charset);
      int end = text.indexOf("</siteinfo>");
      int page = text.indexOf("<page>");
      String header = end >= 0 ? text.substring(0, end) : page >= 0 ? text.substring(0, page) : text;
      WikiSiteInfo info = parse(header, file.relativeName(), configuredLanguage);
      byFile.put(file.path(), new WikiSiteInfo(info.dbname(), info.language(), info.fileNamespaces(),
          info.categoryNamespaces(), charset.name()));
    }
    return byFile;
  }

  /** UTF-16 when the file starts with its byte-order mark; UTF-8 otherwise. */
  static Charset charsetOf(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    return StandardCharsets.UTF_8;
  }

  /** The file's first bytes; a damaged file gives what could be read (its tasks reject the damage itself). */
  private static byte[] header(InputFile file, Configuration conf) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try (TrackedInput in = TrackedInput.open(file.path(), conf)) {
      byte[] chunk = new byte[1 << 16];
      try {
        for (int n; head.size() < HEADER_BYTES
            && (n = in.read(chunk, 0, Math.min(chunk.length, HEADER_BYTES - head.size()))) > 0; ) {
          head.write(chunk, 0, n);
        }
      } catch (IOException e) {
        if (in.failure() == null) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + file.path(), e);
    }
    return head.toByteArray();
  }

  static WikiSiteInfo parse(String header, String fileName, String configuredLanguage) {
    Matcher db = DBNAME.matcher(header);
    String dbname = db.find() ? db.group(1) : null;
    if (dbname == null) {
      Matcher fromFile = FILE_DBNAME.matcher(fileName.substring(fileName.lastIndexOf('/') + 1));
      dbname = fromFile.find() ? fromFile.group(1) : null;
    }
    String language = configuredLanguage;
    if (language == null) {
      Matcher lang = XML_LANG.matcher(header);
      language = lang.find() ? lang.group(1) : null;
    }
    if (language == null && dbname != null) {
      Matcher lang = WIKI_LANGUAGE.matcher(dbname);
      language = !lang.matches() ? null : lang.group(1).equals("simple") ? "en" : lang.group(1).replace('_', '-');
    }
    List<String> files = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    Matcher ns = NAMESPACE.matcher(header);
    while (ns.find()) {
      String key = ns.group(1);
      String name = ns.group(2).trim();
      if (key.equals("6") || key.equals("-2")) {
        files.add(name);
      } else if (key.equals("14")) {
        categories.add(name);
      }
    }
    return new WikiSiteInfo(dbname, language, files, categories, StandardCharsets.UTF_8.name());
  }
}
