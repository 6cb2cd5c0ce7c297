package io.tessera.ingest;

import io.tessera.config.ConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files a source path names: a file, a folder (read recursively) or a glob, on any Hadoop file system.
 * Hidden files (names starting with '.' or '_') are left out, as Hadoop's input formats do.
 */
public final class InputFiles {
  private InputFiles() {}

  /** One input file: its qualified path, its name relative to the source path, size and modification time. */
  public record InputFile(String path, String relativeName, long bytes, long modifiedMillis) implements Serializable {}

  /** The files of a source: its path, filtered by its include glob on file names (null: all). */
  public static List<InputFile> list(String pathSpec, String include, Configuration conf) {
    List<InputFile> files = list(pathSpec, conf);
    if (include == null) {
      return files;
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + include);
    List<InputFile> kept = files.stream()
        .filter(f -> matcher.matches(java.nio.file.Path.of(new Path(f.path()).getName()))).toList();
    if (kept.isEmpty()) {
      throw new ConfigException("no file under " + pathSpec + " matches include '" + include + "'");
    }
    return kept;
  }

  public static List<InputFile> list(String pathSpec, Configuration conf) {
    Path spec = new Path(pathSpec);
    List<InputFile> files = new ArrayList<>();
    try {
      FileSystem fs = spec.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(spec);
      if (matches == null || matches.length == 0) {
        throw new ConfigException("input path does not exist or matches no file: " + pathSpec);
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          String root = match.getPath().toString();
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
          while (it.hasNext()) {
            LocatedFileStatus file = it.next();
            String relative = file.getPath().toString().substring(root.length()).replaceFirst("^/+", "");
            if (!isHidden(relative)) {
              files.add(new InputFile(file.getPath().toString(), relative, file.getLen(), file.getModificationTime()));
            }
          }
        } else if (!isHidden(match.getPath().getName())) {
          files.add(new InputFile(match.getPath().toString(), match.getPath().getName(), match.getLen(),
              match.getModificationTime()));
        }
      }
    } catch (FileNotFoundException e) {
      throw new ConfigException("input path does not exist: " + pathSpec);
    } catch (IOException e) {
      throw new ConfigException("cannot list input path " + pathSpec + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new ConfigException("input path holds no readable file: " + pathSpec);
    }
    files.sort(Comparator.comparing(InputFile::path));
    return files;
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
