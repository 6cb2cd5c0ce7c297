package io.tessera.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The build's version (stamped into run.json and the dataset card) and digests of what the build contains: the
 * code (Tessera's classes and its own resources) and the data files stages read from the classpath (gazetteer,
 * taxonomy, subreddit map). Digests are computed once, at start-up, from the jar or classes folder this class was
 * loaded from, so any rebuilt class or edited data file changes them whatever the Maven version says.
 */
public final class CodeVersion {
  /** Entries whose bytes make up "the code": Tessera's classes and the resources that are not data. */
  private static final List<String> CODE = List.of("io/tessera/", "report/", "mappings/");
  private static final String VERSION = loadVersion();
  private static final Map<List<String>, String> DIGESTS = new HashMap<>();

  private CodeVersion() {}

  public static String get() {
    return VERSION;
  }

  /** SHA-256 (hex, 128 bits) over the name and bytes of every code entry of the build. */
  public static String digest() {
    return digestOf(CODE);
  }

  /**
   * SHA-256 (hex, 128 bits) over the name and bytes of the build's entries under the given resource names (a name
   * ending in "/" is a folder); "none" when there are none. Computed once per list.
   */
  public static synchronized String digestOf(List<String> resources) {
    if (resources.isEmpty()) {
      return "none";
    }
    return DIGESTS.computeIfAbsent(List.copyOf(resources), CodeVersion::compute);
  }

  private static String compute(List<String> resources) {
    try {
      return digestOf(Paths.get(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
          resources);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The digest of the given resources of a classes folder or a jar. */
  static String digestOf(Path location, List<String> resources) {
    Predicate<String> wanted = name -> resources.stream()
        .anyMatch(r -> r.endsWith("/") ? name.startsWith(r) : name.equals(r));
    try {
      Map<String, String> found = Files.isDirectory(location) ? folderEntries(location, wanted)
          : jarEntries(location, wanted);
      StringBuilder all = new StringBuilder();
      found.forEach((name, hash) -> all.append(name).append('\0').append(hash).append('\n'));
      return Hashes.sha256Hex(16, all.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build to fingerprint it", e);
    }
  }

  /** The wanted files of a classes folder with their SHA-256, sorted by name so listing order does not matter. */
  private static Map<String, String> folderEntries(Path root, Predicate<String> wanted) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = root.relativize(file).toString().replace('\\', '/');
        if (wanted.test(name)) {
          try (InputStream in = Files.newInputStream(file)) {
            found.put(name, sha256(in));
          }
        }
      }
    }
    return found;
  }

  /** The same for a jar: only the wanted entries are read, not the dependencies a shaded jar bundles. */
  private static Map<String, String> jarEntries(Path jar, Predicate<String> wanted) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> all = file.entries();
      while (all.hasMoreElements()) {
        JarEntry entry = all.nextElement();
        if (!entry.isDirectory() && wanted.test(entry.getName())) {
          try (InputStream in = file.getInputStream(entry)) {
            found.put(entry.getName(), sha256(in));
          }
        }
      }
    }
    return found;
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String loadVersion() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/tessera-version.properties")) {
      Properties props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
