package io.tessera.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Turns MediaWiki markup into plain text: comments, references, templates and infoboxes, tables, files and images,
 * magic words and most tags removed; links become their text; headings stay as their own lines and are listed as
 * sections; categories and interlanguage links are collected as metadata. Namespace names are the wiki's own
 * (from its siteinfo) plus the canonical English ones.
 */
final class WikitextCleaner implements Serializable {
  private static final Pattern COMMENT = Pattern.compile("<!--.*?(-->|$)", Pattern.DOTALL);
  private static final Pattern REF = Pattern.compile(
      "<ref(\\s[^>/]*)?/>|<ref(\\s[^>]*)?>.*?</ref\\s*>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  /** Tags whose content is not prose. */
  private static final Pattern DROPPED_ELEMENTS = Pattern.compile(
      "<(gallery|math|chem|timeline|score|syntaxhighlight|source|imagemap|includeonly|noinclude|graph|mapframe"
          + "|templatedata|templatestyles|references|hiero|ce)(\\s[^>]*)?>.*?</\\1\\s*>",
      Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern SELF_CLOSING = Pattern.compile("<[a-zA-Z][^>]*/>");
  private static final Pattern BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(\\s[^<>]*)?>");
  private static final Pattern MAGIC_WORD = Pattern.compile("__[A-Z]+__");
  private static final Pattern HEADING = Pattern.compile("^(={1,6})\\s*(.+?)\\s*\\1\\s*$", Pattern.MULTILINE);
  private static final Pattern EXTERNAL_LINK = Pattern.compile("\\[(?:https?:|ftp:)?//[^\\s\\]]+(?:\\s+([^\\]]*))?\\]");
  private static final Pattern BOLD_ITALIC = Pattern.compile("'{2,5}");
  private static final Pattern LIST_MARKER = Pattern.compile("^[*#:;]+\\s*", Pattern.MULTILINE);
  private static final Pattern RULE = Pattern.compile("^-{4,}\\s*$", Pattern.MULTILINE);
  private static final Pattern INDENT = Pattern.compile("^[:\\s]+");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
  private static final Pattern INTERLANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z]{2,8})*|simple|be-x-old|zh-min-nan");

  /** Media file names: a link to one is a file link whatever its namespace is called. */
  private static final Pattern MEDIA_FILE = Pattern.compile(
      ".+\\.(jpe?g|png|gif|svg|tiff?|webp|webm|ogg|ogv|oga|flac|wav|mp3|mp4|pdf|djvu|xcf)$", Pattern.CASE_INSENSITIVE);
  /**
   * The File and Category namespace names of the larger wikis, for pages read without their dump's siteinfo
   * (single-page exports); the siteinfo's own names are added to these.
   */
  private static final List<String> COMMON_FILE_NAMES = List.of("file", "image", "media", "datei", "bild", "fichier",
      "archivo", "imagen", "ficheiro", "arquivo", "imagem", "bestand", "afbeelding", "файл", "изображение", "plik",
      "grafika", "immagine", "fitxer", "imatge", "文件", "檔案", "ファイル", "画像", "fil", "picha", "ملف", "پرونده",
      "चित्र", "파일", "dosya", "tập tin", "berkas", "ไฟล์", "файл");
  private static final List<String> COMMON_CATEGORY_NAMES = List.of("category", "kategorie", "catégorie",
      "categoría", "categoria", "categorie", "категория", "kategoria", "分类", "分類", "カテゴリ", "kategori", "jamii",
      "تصنيف", "رده", "श्रेणी", "분류", "thể loại", "หมวดหมู่", "категорія");

  private final Set<String> fileNamespaces = new LinkedHashSet<>(COMMON_FILE_NAMES);
  private final Set<String> categoryNamespaces = new LinkedHashSet<>(COMMON_CATEGORY_NAMES);

  /** @param fileNames the wiki's names of the File namespace (6) and Media (-2); categoryNames of Category (14) */
  WikitextCleaner(List<String> fileNames, List<String> categoryNames) {
    fileNames.forEach(n -> fileNamespaces.add(n.toLowerCase(Locale.ROOT)));
    categoryNames.forEach(n -> categoryNamespaces.add(n.toLowerCase(Locale.ROOT)));
  }

  record Result(String text, List<String> sections, List<String> categories, List<String[]> interlanguageLinks) {}

  Result clean(String wikitext) {
    String s = COMMENT.matcher(wikitext).replaceAll("");
    s = REF.matcher(s).replaceAll("");
    s = DROPPED_ELEMENTS.matcher(s).replaceAll("");
    s = removeBalanced(s, "{{", "}}");
    s = BREAK.matcher(s).replaceAll("\n");
    s = SELF_CLOSING.matcher(s).replaceAll("");
    s = TAG.matcher(s).replaceAll("");
    s = removeTables(s);
    List<String> categories = new ArrayList<>();
    List<String[]> interlanguage = new ArrayList<>();
    s = replaceLinks(s, categories, interlanguage);
    s = EXTERNAL_LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) == null ? "" : m.group(1)));
    s = MAGIC_WORD.matcher(s).replaceAll("");
    s = BOLD_ITALIC.matcher(s).replaceAll("");
    List<String> sections = new ArrayList<>();
    Matcher heading = HEADING.matcher(s);
    StringBuilder withHeadings = new StringBuilder();
    while (heading.find()) {
      String title = heading.group(2).trim();
      sections.add(title);
      heading.appendReplacement(withHeadings, Matcher.quoteReplacement("\n" + title + "\n"));
    }
    heading.appendTail(withHeadings);
    s = RULE.matcher(withHeadings).replaceAll("");
    s = LIST_MARKER.matcher(s).replaceAll("");
    s = StringEscapeUtils.unescapeHtml4(s);
    s = SPACES.matcher(s).replaceAll(" ");
    StringBuilder lines = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      lines.append(line.strip()).append('\n');
    }
    s = BLANK_LINES.matcher(lines).replaceAll("\n\n").strip();
    return new Result(s, sections, categories, interlanguage);
  }

  /** Removes balanced open…close regions, nested ones included; an unclosed one runs to the end. */
  static String removeBalanced(String s, String open, String close) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    for (int i = 0; i < s.length(); ) {
      if (s.startsWith(open, i)) {
        depth++;
        i += open.length();
      } else if (depth > 0 && s.startsWith(close, i)) {
        depth--;
        i += close.length();
      } else {
        if (depth == 0) {
          out.append(s.charAt(i));
        }
        i++;
      }
    }
    return out.toString();
  }

  /** Tables open with {| at a line start (after any ':' indent) and close with |} at a line start; they nest. */
  static String removeTables(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    for (String line : s.split("\n", -1)) {
      String t = INDENT.matcher(line).replaceFirst("");
      if (t.startsWith("{|")) {
        depth++;
      } else if (depth > 0 && t.startsWith("|}")) {
        depth--;
      } else if (depth == 0) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** Replaces [[...]] links by their text; drops files, collects categories and interlanguage links. */
  private String replaceLinks(String s, List<String> categories, List<String[]> interlanguage) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int start = s.indexOf("[[", i);
      if (start < 0) {
        out.append(s, i, s.length());
        break;
      }
      out.append(s, i, start);
      int end = matchingClose(s, start);
      if (end < 0) {
        out.append(s, start, s.length());
        break;
      }
      String inner = s.substring(start + 2, end);
      // A label may hold links of its own (image captions): clean it the same way.
      out.append(replaceLinks(linkText(inner, categories, interlanguage), categories, interlanguage));
      i = end + 2;
    }
    return out.toString();
  }

  private static int matchingClose(String s, int start) {
    int depth = 0;
    for (int i = start; i < s.length() - 1; i++) {
      if (s.startsWith("[[", i)) {
        depth++;
        i++;
      } else if (s.startsWith("]]", i)) {
        depth--;
        if (depth == 0) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  private String linkText(String inner, List<String> categories, List<String[]> interlanguage) {
    boolean leadingColon = inner.startsWith(":");
    String target = leadingColon ? inner.substring(1) : inner;
    int pipe = target.indexOf('|');
    String page = (pipe < 0 ? target : target.substring(0, pipe)).trim();
    int colon = page.indexOf(':');
    if (colon > 0) {
      String prefix = page.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String rest = page.substring(colon + 1).trim();
      if (fileNamespaces.contains(prefix) || MEDIA_FILE.matcher(rest).matches()) {
        return "";
      }
      if (categoryNamespaces.contains(prefix)) {
        if (leadingColon) {
          return pipe < 0 ? rest : target.substring(pipe + 1);
        }
        categories.add(rest);
        return "";
      }
      if (!leadingColon && INTERLANGUAGE.matcher(prefix).matches() && !rest.isEmpty()) {
        interlanguage.add(new String[] {prefix, rest});
        return "";
      }
    }
    if (pipe >= 0) {
      String label = target.substring(pipe + 1).trim();
      return label.isEmpty() ? page.replaceFirst("\\s*\\(.*\\)$", "") : label;
    }
    return page.startsWith("#") ? page.substring(1) : page;
  }
}
